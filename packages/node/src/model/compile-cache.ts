/**
 * Compiles a model's gradient graph, optionally through an on-disk cache. An entry is a plain
 * `.onnx` file (the compiled model, loadable by any tool) and a `.json` sidecar with the compile
 * result's names and the SHA-256 of the `.onnx` bytes. The entry's name is keyed by the hash of
 * the model bytes, the compile options and the compiler's fingerprint; an entry whose sidecar or
 * bytes do not verify is ignored and rewritten, so a damaged file never yields a wrong graph.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { supportedOps } from '@axplain/onnx';
import { type CacheReport, COMPILER_VERSION_TAG, compileGradient, type CompiledGradient, type GradientCompileOptions } from '@axplain/ort';

/** Bumped when the entry layout changes. */
const CACHE_FORMAT = 1;

let fingerprint: string | undefined;
/** The compiler version and a hash of its supported ops, part of every cache key. */
export function compilerFingerprint(): string {
  fingerprint ??= `${COMPILER_VERSION_TAG}+ops.${sha256(supportedOps().join(',')).slice(0, 12)}`;
  return fingerprint;
}

const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** Where an entry lives: a directory and the file stem it starts with. */
export interface CacheLocation {
  dir: string;
  stem: string;
}

interface Sidecar extends Omit<CompiledGradient, 'bytes'> {
  format: number;
  key: string;
  sha256: string;
  compiler: string;
}

/** The cache key: hash of the model bytes, the compile options and the compiler fingerprint. */
export function cacheKey(modelBytes: Uint8Array, options: GradientCompileOptions): string {
  const head = JSON.stringify({ format: CACHE_FORMAT, compiler: compilerFingerprint(), wrt: [options.wrt], of: options.of, portable: options.portable ?? false });
  return createHash('sha256').update(head).update('\0').update(modelBytes).digest('hex');
}

/** Paths of the entry for a key. */
export function cachePaths(loc: CacheLocation, key: string): { onnx: string; json: string } {
  const base = join(loc.dir, `${loc.stem}.axplain-grad.${key.slice(0, 16)}`);
  return { onnx: `${base}.onnx`, json: `${base}.json` };
}

/** Reads and verifies an entry: the compiled gradient, `'absent'`, or why it is unusable. */
function readEntry(paths: { onnx: string; json: string }, key: string): CompiledGradient | 'absent' | { corrupt: string } {
  if (!existsSync(paths.json) && !existsSync(paths.onnx)) return 'absent';
  let meta: Sidecar;
  try {
    meta = JSON.parse(readFileSync(paths.json, 'utf8')) as Sidecar;
  } catch (e) {
    return { corrupt: `sidecar ${paths.json} unreadable (${(e as Error).message})` };
  }
  if (meta === null || typeof meta !== 'object' || meta.format !== CACHE_FORMAT || meta.key !== key)
    return { corrupt: `sidecar ${paths.json} is for another model, compiler or format` };
  if (typeof meta.cotangentInput !== 'string' || typeof meta.gradOutput !== 'string' || typeof meta.sha256 !== 'string')
    return { corrupt: `sidecar ${paths.json} lacks the compile result's names` };
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(paths.onnx);
  } catch (e) {
    return { corrupt: `compiled model ${paths.onnx} unreadable (${(e as Error).message})` };
  }
  if (sha256(bytes) !== meta.sha256) return { corrupt: `compiled model ${paths.onnx} does not match its recorded SHA-256` };
  return { bytes, cotangentInput: meta.cotangentInput, gradOutput: meta.gradOutput, forwardNodes: meta.forwardNodes, totalNodes: meta.totalNodes };
}

/** Writes a file atomically (a temporary name, then rename), so readers never see half a file. */
function writeAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/**
 * The compiled gradient of `modelBytes` for `options`, from the cache at `loc` when it holds a
 * verified entry, else compiled now (and stored when `loc` is given).
 * @example
 * const { compiled, cache } = compileWithCache(bytes, { wrt: 'Input3', of: 'Plus214_Output_0' }, { dir: 'models', stem: 'mnist' });
 */
export function compileWithCache(
  modelBytes: Uint8Array, options: GradientCompileOptions, loc: CacheLocation | undefined,
): { compiled: CompiledGradient; cache: CacheReport } {
  if (!loc) return { compiled: compileGradient(modelBytes, options), cache: { status: 'off' } };
  const key = cacheKey(modelBytes, options);
  const paths = cachePaths(loc, key);
  const found = readEntry(paths, key);
  if (typeof found === 'object' && 'bytes' in found) return { compiled: found, cache: { status: 'hit', path: paths.onnx } };
  const compiled = compileGradient(modelBytes, options);
  const cache: CacheReport = found === 'absent' ? { status: 'miss', path: paths.onnx } : { status: 'corrupt', path: paths.onnx, reason: found.corrupt };
  try {
    mkdirSync(loc.dir, { recursive: true });
    const { bytes, ...names } = compiled;
    // The sidecar goes last: it commits the entry.
    writeAtomic(paths.onnx, bytes);
    const meta: Sidecar = { format: CACHE_FORMAT, key, compiler: compilerFingerprint(), sha256: sha256(bytes), ...names };
    writeAtomic(paths.json, JSON.stringify(meta, null, 1));
  } catch (e) {
    cache.writeError = (e as Error).message;
  }
  return { compiled, cache };
}
