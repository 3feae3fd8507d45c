/**
 * `loadModel`: an ONNX classifier as a `GradientModel` on onnxruntime-node. Compiles the gradient
 * graph with @axplain/onnx (optionally cached on disk), picks the input and logits output, opens
 * the sessions on the first execution provider that works and probes them with one sample.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { numel } from '@axplain/core';
import { decodeModel, encodeModel } from '@axplain/onnx';
import type * as ort from 'onnxruntime-node';
import { type CacheLocation, compileWithCache } from './compile-cache.js';
import { ModelFileError, ModelSignatureError } from './errors.js';
import { checkExecutionProviders, type ExecutionProviderConfig } from './execution-providers.js';
import { classesOf, pinInputShape, resolveSignature, type ModelSignature } from './io-names.js';
import { wrapHalfPrecision } from './half-precision.js';
import { chooseLogits } from './logits-output.js';
import { measurePlacement } from './node-placement.js';
import { OnnxGradientModel } from './onnx-gradient-model.js';
import { type AdapterSessionOptions, createSession, firstWorking, runFloat } from './session-runner.js';

/** Rows per session run when the model's batch axis is dynamic and `maxBatch` is not given. */
export const DEFAULT_MAX_BATCH = 32;

export interface LoadModelOptions {
  /** Graph input that receives x. @defaultValue the first float input that is not an initializer */
  input?: string;
  /** Graph output holding the logits ([N, C] or [N, C, 1, 1]). @defaultValue the first float32 output */
  output?: string;
  /** Per-sample input shape; required when the model declares symbolic per-sample dims. @defaultValue read from the model */
  inputShape?: readonly number[];
  /** Class names, one per class. @defaultValue none */
  labels?: readonly string[];
  /** Most samples per session run (larger batches are split and concatenated). Models with a fixed batch size run that many at a time. @defaultValue 32 */
  maxBatch?: number;
  /**
   * Execution providers to try in order, as onnxruntime-node takes them (`'cpu'`, `'webgpu'`,
   * `'cuda'`, `'dml'`, `{ name: 'cuda', deviceId: 1 }`...). Each is tried alone; the first that
   * opens both sessions and runs the probe is used (`model.executionProvider`), the failures
   * before it are in `model.fallbacks`. @defaultValue ['cpu']
   */
  executionProviders?: ExecutionProviderConfig[];
  /** onnxruntime session options (graphOptimizationLevel, intraOpNumThreads...). @defaultValue { logSeverityLevel: 3 } */
  sessionOptions?: AdapterSessionOptions;
  /**
   * Compile cache: `true` stores the compiled model next to the model file, a string stores it in
   * that directory. Entries are keyed by the hash of the model bytes, the compile options and the
   * compiler version; a damaged entry is ignored and rewritten. @defaultValue false
   */
  cache?: boolean | string;
  /**
   * Run `logits` on a session of the original model (faster: onnxruntime runs the whole gradient
   * graph even when only the logits are fetched) at the cost of a second copy of the weights.
   * `false` runs `logits` on the gradient session with a zero cotangent. @defaultValue true
   */
  separateForwardSession?: boolean;
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
  const maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
  if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new RangeError(`maxBatch: expected an integer >= 1, got ${options.maxBatch}`);
  const eps = checkExecutionProviders(options.executionProviders ?? ['cpu']);
  if (options.labels !== undefined && (!Array.isArray(options.labels) || !options.labels.every((l) => typeof l === 'string')))
    throw new TypeError('labels: expected an array of strings (one class name per class)');
  const read = readModel(pathOrBytes);
  const { source, path } = read;
  const cacheLoc = cacheLocation(options.cache, path);

  const decoded = decodeModel(read.bytes, source);
  // Logits, not probabilities: a final Softmax is read at its input; intermediates may be named.
  const logits = chooseLogits(decoded, options.output);
  // float16 models get float32 boundaries (Casts) so the adapter feeds and reads float32.
  const half = wrapHalfPrecision(decoded, options.input, logits.output);
  const sig = resolveSignature(decoded, { ...options, output: half.output }, source);
  // Symbolic per-sample dims given by inputShape are written into the model: the compiler then
  // resolves every shape statically (some gradient rules need static spatial dims).
  const pinned = pinInputShape(decoded, sig);
  const bytes = pinned || logits.promoted || half.changed ? encodeModel(decoded) : read.bytes;
  const { compiled, cache } = compileWithCache(bytes, { wrt: sig.input, of: sig.output }, cacheLoc);
  const separate = options.separateForwardSession ?? true;
  const sessionOptions = options.sessionOptions ?? {};

  const { value, provider, fallbacks } = await firstWorking(eps, async (ep) => {
    const forward = separate ? await createSession(bytes, ep, sessionOptions) : undefined;
    let gradient: ort.InferenceSession | undefined;
    try {
      gradient = await createSession(compiled.bytes, ep, sessionOptions);
      const outputDims = await probe(sig, forward ?? gradient, gradient, compiled.cotangentInput, compiled.gradOutput);
      return { forward, gradient, outputDims, ep };
    } catch (e) {
      await forward?.release();
      await gradient?.release();
      throw e;
    }
  });

  const classes = value.outputDims[0]!;
  if (options.labels !== undefined && options.labels.length !== classes) {
    await value.forward?.release();
    await value.gradient.release();
    throw new RangeError(`labels: ${options.labels.length} names given but output '${sig.output}' has ${classes} classes`);
  }
  const placement = options.reportPlacement
    ? await measurePlacement(compiled.bytes, value.ep, sessionOptions, zeroFeeds(sig, value.outputDims, compiled.cotangentInput))
    : undefined;
  return new OnnxGradientModel({
    forward: value.forward, gradient: value.gradient,
    input: sig.input, output: sig.output, cotangentInput: compiled.cotangentInput, gradOutput: compiled.gradOutput,
    inputShape: sig.inputShape, outputDims: value.outputDims, fixedBatch: sig.fixedBatch, maxBatch,
    labels: options.labels, executionProvider: provider, fallbacks, cache, placement,
    nodes: { forward: compiled.forwardNodes, total: compiled.totalNodes }, outputNote: logits.note,
  });
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

/** Zero feeds of one batch (the fixed batch size, else 1) for both sessions. */
function zeroFeeds(sig: ModelSignature, outputDims: readonly number[], cotangentInput: string) {
  const rows = sig.fixedBatch ?? 1;
  const size = (s: readonly number[]) => s.reduce((a, b) => a * b, rows);
  return {
    [sig.input]: { data: new Float32Array(size(sig.inputShape)), dims: [rows, ...sig.inputShape] },
    [cotangentInput]: { data: new Float32Array(size(outputDims)), dims: [rows, ...outputDims] },
  };
}

/**
 * Runs one zero batch through both sessions: proves the EP can run them, and reads the logits'
 * per-sample dims (declared shapes may be symbolic or absent). Returns them, e.g. [10] or [1000, 1, 1].
 */
async function probe(
  sig: ModelSignature, forward: ort.InferenceSession, gradient: ort.InferenceSession, cotangentInput: string, gradOutput: string,
): Promise<number[]> {
  const rows = sig.fixedBatch ?? 1;
  const x = { data: new Float32Array(rows * numel(sig.inputShape)), dims: [rows, ...sig.inputShape] };
  const fwdFeeds = forward === gradient ? undefined : { [sig.input]: x };
  let outDims: number[];
  if (fwdFeeds) {
    const z = (await runFloat(forward, fwdFeeds, [sig.output]))[sig.output]!;
    outDims = checkedOutputDims(sig, z.dims, rows);
  } else {
    const known = sig.outputDims?.every((d) => typeof d === 'number') ? (sig.outputDims as number[]) : undefined;
    // The gradient graph needs the cotangent's shape up front; without a declared one there is nothing to feed.
    if (!known) throw new ModelSignatureError(`output '${sig.output}' declares no static shape; keep separateForwardSession on so the adapter can measure it`);
    outDims = known;
  }
  classesOf(sig.output, outDims);
  const ct = { data: new Float32Array(rows * numel(outDims)), dims: [rows, ...outDims] };
  const out = await runFloat(gradient, { [sig.input]: x, [cotangentInput]: ct }, [sig.output, gradOutput]);
  const g = out[gradOutput]!;
  if (g.dims.join() !== x.dims.join())
    throw new ModelSignatureError(`the gradient output '${gradOutput}' came back as [${g.dims.join(', ')}], expected [${x.dims.join(', ')}]`);
  checkedOutputDims(sig, out[sig.output]!.dims, rows);
  return outDims;
}

function checkedOutputDims(sig: ModelSignature, dims: readonly number[], rows: number): number[] {
  if (dims.length < 2 || dims[0] !== rows)
    throw new ModelSignatureError(
      `output '${sig.output}' came back as [${dims.join(', ')}] for a batch of ${rows}; logits must be [N, C] or [N, C, 1, 1] with the batch first (pick the logits with options.output)`,
    );
  const per = dims.slice(1);
  classesOf(sig.output, per);
  return per;
}
