/**
 * `loadModel`: an ONNX classifier as a `GradientModel` on onnxruntime-node. Reads the model file,
 * keeps compiled gradient graphs in an on-disk cache and profiles node placement; everything
 * else (signature, half precision, logits choice, EP fallback, probing) is @axplain/ort's
 * `createGradientModel`, run on onnxruntime-node.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { checkGradientModelOptions, createGradientModel, type GradientModelOptions, type OnnxGradientModel } from '@axplain/ort';
import { type CacheLocation, compileWithCache } from './compile-cache.js';
import { ModelFileError } from './errors.js';
import { checkExecutionProviders, type ExecutionProviderConfig } from './execution-providers.js';
import { nodeRuntime } from './node-runtime.js';
import { measurePlacement } from './node-placement.js';

export { DEFAULT_MAX_BATCH } from '@axplain/ort';

export interface LoadModelOptions extends Omit<GradientModelOptions, 'compile' | 'measurePlacement' | 'checkExecutionProviders' | 'executionProviders'> {
  /**
   * Execution providers to try in order, as onnxruntime-node takes them (`'cpu'`, `'webgpu'`,
   * `'cuda'`, `'dml'`, `{ name: 'cuda', deviceId: 1 }`...). Each is tried alone; the first that
   * opens both sessions and runs the probe is used (`model.executionProvider`), the failures
   * before it are in `model.fallbacks`. @defaultValue ['cpu']
   */
  executionProviders?: ExecutionProviderConfig[];
  /**
   * Compile cache: `true` stores the compiled model next to the model file, a string stores it in
   * that directory. Entries are keyed by the hash of the model bytes, the compile options and the
   * compiler version; a damaged entry is ignored and rewritten. @defaultValue false
   */
  cache?: boolean | string;
  /**
   * Profile one gradient run and report the kernels per onnxruntime provider in
   * `model.placement` (an EP hands the nodes it lacks to the CPU silently). @defaultValue false
   */
  reportPlacement?: boolean;
}

/**
 * Loads an ONNX classifier as a `GradientModel` running on onnxruntime-node.
 * @example
 * ```ts
 * import { loadModel } from '@axplain/node';
 * const model = await loadModel('mnist.onnx', { executionProviders: ['cuda', 'cpu'], cache: true });
 * console.log(model.executionProvider, model.fallbacks, model.inputShape, model.classes);
 * const { logits, grad } = await model.vjp(x, cotangent);
 * await model.dispose();
 * ```
 */
export async function loadModel(pathOrBytes: string | Uint8Array, options: LoadModelOptions = {}): Promise<OnnxGradientModel> {
  const { cache, reportPlacement, ...rest } = options;
  const neutral: GradientModelOptions = { ...rest, checkExecutionProviders, measurePlacement: reportPlacement ? measurePlacement : undefined };
  // Option mistakes are reported before file problems.
  checkGradientModelOptions(neutral);
  const read = readModel(pathOrBytes);
  const cacheLoc = cacheLocation(cache, read.path);
  return createGradientModel(read.bytes, nodeRuntime, { ...neutral, source: options.source ?? read.source, compile: (bytes, o) => compileWithCache(bytes, o, cacheLoc) });
}

function readModel(pathOrBytes: string | Uint8Array): { bytes: Uint8Array; source: string; path?: string } {
  if (pathOrBytes instanceof Uint8Array) return { bytes: pathOrBytes, source: 'model bytes' };
  if (typeof pathOrBytes !== 'string') throw new TypeError('pathOrBytes: expected a path to an .onnx file or its bytes (Uint8Array)');
  if (!existsSync(pathOrBytes)) throw new ModelFileError(pathOrBytes, 'does not exist');
  if (statSync(pathOrBytes).isDirectory()) throw new ModelFileError(pathOrBytes, 'is a directory, expected an .onnx file');
  return { bytes: readFileSync(pathOrBytes), source: pathOrBytes, path: pathOrBytes };
}

function cacheLocation(cache: boolean | string | undefined, path: string | undefined): CacheLocation | undefined {
  if (cache === undefined || cache === false) return undefined;
  const stem = path ? basename(path).replace(/\.onnx$/i, '') : 'model';
  if (cache === true) {
    if (!path)
      throw new TypeError("cache: true stores the compiled model next to the model file, but the model was given as bytes; pass a directory instead (cache: '/path/to/cache')");
    return { dir: dirname(path), stem };
  }
  if (typeof cache !== 'string' || cache === '') throw new TypeError(`cache: expected true, false or a directory path, got ${JSON.stringify(cache)}`);
  return { dir: cache, stem };
}

