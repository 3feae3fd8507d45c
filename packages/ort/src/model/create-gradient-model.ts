/**
 * `createGradientModel`: an ONNX classifier, in memory, as a `GradientModel` on any onnxruntime.
 * Picks the input and logits output, wraps half precision, compiles the gradient graph with
 * @axplain/onnx (or through the shell's cache), opens the sessions on the first execution
 * provider that works and probes them with one sample. Shells read files and cache; this is the rest.
 */
import { chooseLabels, isInteger, numel } from '@axplain/core';
import { decodeModel, defaultOpset, encodeModel, metadataOf } from '@axplain/onnx';
import type { InferenceSession } from 'onnxruntime-common';
import type { ExecutionProviderConfig, OrtRuntime } from './runtime.js';
import { type CacheReport, compileGradient, type CompiledGradient, type GradientCompileOptions, needsPortableGraph, type NodePlacement } from './compile.js';
import { ModelSignatureError } from './errors.js';
import { classesOf, pinInputShape, resolveSignature, symbolicInput, type ModelSignature } from './io-names.js';
import { wrapHalfPrecision } from './half-precision.js';
import { chooseLogits } from './logits-output.js';
import { type ExtraFeed, extraFeedTensors, type FeedValue, type TypedFeed, pinExtraShapes, resolveExtraFeeds, zeroFeedNote } from './extra-inputs.js';
import { nonFiniteInitializers } from './non-finite.js';
import { OnnxGradientModel, type OnnxGradientModelParts } from './onnx-gradient-model.js';
import { type AdapterSessionOptions, checkExecutionProviderList, createSession, type FloatArray, firstWorking, runFloat } from './session-runner.js';

/** Rows per session run when the model's batch axis is dynamic and `maxBatch` is not given. */
export const DEFAULT_MAX_BATCH = 32;

export interface GradientModelOptions {
  /** Graph input that receives x. @defaultValue the first float input that is not an initializer */
  input?: string;
  /** Graph output holding the logits ([N, C] or [N, C, 1, 1]), a sequence [N, T, C] or a map [N, 1, H, W] (flattened to [N, classes]; `model.outputShape` keeps the dims). @defaultValue the first float32 output, or the input of a final Softmax or Sigmoid */
  output?: string;
  /**
   * What the output is: `'logits'` ([N, C] or [N, C, 1, 1]; a final Softmax is read at its input)
   * or `'tensor'`, any float output [N, ...] taken as it is (an intermediate part of a `chain`: a
   * spectrogram, an embedding). A `'tensor'` model's `classes` is the number of values per sample
   * and `outputShape` their shape; its logits are those values flattened to [N, classes].
   * @defaultValue 'logits'
   */
  outputKind?: 'logits' | 'tensor';
  /** Per-sample input shape; required when the model declares symbolic per-sample dims. @defaultValue read from the model */
  inputShape?: readonly number[];
  /**
   * Values of the inputs that are not explained (a sample rate, recurrent state): input name ->
   * a number (fills the declared shape) or a tensor `{ data, shape }`. An input whose first dim is
   * the explained input's batch dim takes its value per sample (repeated for every row). Float
   * inputs without a value are fed zeros (`model.feedNote` says so); integer inputs need one.
   * @defaultValue {}
   */
  feeds?: Readonly<Record<string, FeedValue>>;
  /** Class names, one per class. @defaultValue none */
  labels?: readonly string[];
  /** Most samples per session run (larger batches are split and concatenated). Models with a fixed batch size run that many at a time. @defaultValue 32 */
  maxBatch?: number;
  /**
   * Execution providers to try in order, as the runtime takes them (`'cpu'`, `'webgpu'`,
   * `'cuda'`, `'dml'`, `{ name: 'cuda', deviceId: 1 }`...). Each is tried alone; the first that
   * opens both sessions and runs the probe is used (`model.executionProvider`), the failures
   * before it are in `model.fallbacks`. @defaultValue ['cpu']
   */
  executionProviders?: ExecutionProviderConfig[];
  /** onnxruntime session options (graphOptimizationLevel, intraOpNumThreads...). @defaultValue { logSeverityLevel: 3 } */
  sessionOptions?: AdapterSessionOptions;
  /**
   * Run `logits` on a session of the original model (faster: onnxruntime runs the whole gradient
   * graph even when only the logits are fetched) at the cost of a second copy of the weights.
   * `false` runs `logits` on the gradient session with a zero cotangent. @defaultValue true
   */
  separateForwardSession?: boolean;
  /** Where the bytes came from, as messages name it. @defaultValue 'model bytes' */
  source?: string;
  /**
   * Compiles the gradient graph (a shell's cache, a Web Worker), or returns it synchronously or
   * as a promise. @defaultValue `compileGradient`, uncached
   */
  compile?: (bytes: Uint8Array, options: GradientCompileOptions) => CompileOutcome | Promise<CompileOutcome>;
  /** Measures where the kernels of one gradient run ran (a shell's profiler); `model.placement` is its answer. @defaultValue none */
  measurePlacement?: (bytes: Uint8Array, ep: ExecutionProviderConfig, options: AdapterSessionOptions, feeds: Record<string, FloatArray | TypedFeed>) => Promise<NodePlacement>;
  /**
   * Checks the executionProviders option and returns the list to try (a shell knows its runtime's EP names).
   * @defaultValue a non-empty array of names or `{ name }` objects
   */
  checkExecutionProviders?: (eps: unknown) => ExecutionProviderConfig[];
}

/**
 * An ONNX classifier (its bytes) as a `GradientModel` running on `runtime`.
 * @example
 * ```ts
 * import * as ort from 'onnxruntime-web';
 * const runtime = { name: 'onnxruntime-web', InferenceSession: ort.InferenceSession, Tensor: ort.Tensor, availableExecutionProviders: () => ['wasm'] };
 * const model = await createGradientModel(bytes, runtime, { executionProviders: ['wasm'] });
 * const { logits, grad } = await model.vjp(x, cotangent);
 * ```
 */
export async function createGradientModel(modelBytes: Uint8Array, runtime: OrtRuntime, options: GradientModelOptions = {}): Promise<OnnxGradientModel> {
  checkGradientModelOptions(options);
  const source = options.source ?? 'model bytes';
  const pending = options.inputShape === undefined ? symbolicInput(decodeModel(modelBytes, source), options.input) : undefined;
  if (!pending) return new OnnxGradientModel(await openParts(modelBytes, runtime, options));
  // Symbolic per-sample dims and no inputShape: everything but the shape is checked now (with
  // a stand-in shape), the model is compiled for the shape of its first input.
  const standIn = pending.declared.slice(1).map((d) => (typeof d === 'number' ? d : 1));
  const probeModel = decodeModel(modelBytes, source);
  const logits = chooseLogits(probeModel, options.output);
  const sig = resolveSignature(probeModel, { ...options, output: logits.output, inputShape: standIn }, source);
  resolveExtraFeeds(sig.extraInputs, sig.input, sig.batchDim, options.feeds, source);
  return new OnnxGradientModel({ pending: { ...pending, specialise: (inputShape) => openParts(modelBytes, runtime, { ...options, inputShape }) } });
}

/** Compiles and opens the sessions of one model for one input shape. */
async function openParts(modelBytes: Uint8Array, runtime: OrtRuntime, options: GradientModelOptions): Promise<OnnxGradientModelParts> {
  const { maxBatch, eps } = checkGradientModelOptions(options);
  const source = options.source ?? 'model bytes';
  const decoded = decodeModel(modelBytes, source);
  // Logits, not probabilities: a final Softmax is read at its input; intermediates may be named.
  const anyTensor = options.outputKind === 'tensor';
  const logits = chooseLogits(decoded, options.output, { readBeforeSoftmax: !anyTensor });
  // float16 models get float32 boundaries (Casts) so the adapter feeds and reads float32.
  const half = wrapHalfPrecision(decoded, options.input, logits.output);
  const sig = resolveSignature(decoded, { ...options, output: half.output }, source);
  // Symbolic per-sample dims given by inputShape are written into the model: the compiler then
  // resolves every shape statically (some gradient rules need static spatial dims).
  const pinned = pinInputShape(decoded, sig);
  const extras = resolveExtraFeeds(sig.extraInputs, sig.input, sig.batchDim, options.feeds, source);
  const pinnedExtras = pinExtraShapes(decoded, extras);
  const bytes = pinned || pinnedExtras || logits.promoted || half.changed ? encodeModel(decoded) : modelBytes;
  const { compiled, cache } = await (options.compile ?? uncached)(bytes, { wrt: sig.input, of: sig.output, portable: needsPortableGraph(eps) });
  const separate = options.separateForwardSession ?? true;
  const sessionOptions = options.sessionOptions ?? {};

  const { value, provider, fallbacks } = await firstWorking(runtime, eps, async (ep) => {
    const forward = separate ? await createSession(runtime, bytes, ep, sessionOptions) : undefined;
    let gradient: InferenceSession | undefined;
    try {
      gradient = await createSession(runtime, compiled.bytes, ep, sessionOptions);
      const outputDims = await probe(runtime, sig, extras, forward ?? gradient, gradient, compiled.cotangentInput, compiled.gradOutput, anyTensor);
      return { forward, gradient, outputDims, ep };
    } catch (e) {
      await forward?.release();
      await gradient?.release();
      throw e;
    }
  });

  const classes = anyTensor ? numel(value.outputDims) : classesOf(sig.output, value.outputDims);
  const metadata = metadataOf(decoded);
  if (options.labels !== undefined && options.labels.length !== classes) {
    await value.forward?.release();
    await value.gradient.release();
    throw new RangeError(`labels: ${options.labels.length} names given but output '${sig.output}' has ${classes} classes`);
  }
  const placement = options.measurePlacement
    ? await options.measurePlacement(compiled.bytes, value.ep, sessionOptions, zeroFeeds(sig, extras, value.outputDims, compiled.cotangentInput))
    : undefined;
  return {
    runtime, forward: value.forward, gradient: value.gradient,
    input: sig.input, output: sig.output, cotangentInput: compiled.cotangentInput, gradOutput: compiled.gradOutput,
    inputShape: sig.inputShape, outputDims: value.outputDims, fixedBatch: sig.fixedBatch, maxBatch,
    ...labelsPart(anyTensor && !options.labels ? undefined : chooseLabels(options.labels, metadata, classes)), executionProvider: provider, fallbacks, cache, placement,
    nodes: { forward: compiled.forwardNodes, total: compiled.totalNodes }, outputNote: logits.note, extraFeeds: extras, feedNote: zeroFeedNote(extras),
    metadata, opset: defaultOpset(decoded), nonFiniteWeights: nonFiniteInitializers(decoded),
  };
}

const labelsPart = (c: ReturnType<typeof chooseLabels>) => ({ labels: c?.labels, labelSource: c?.source });

/**
 * Checks the options `createGradientModel` takes (maxBatch, executionProviders, labels) and
 * returns the batch limit and the EPs to try. Shells call it before reading a file, so option
 * mistakes are reported first.
 * @example checkGradientModelOptions({ maxBatch: 0 }) // RangeError: maxBatch: expected an integer >= 1, got 0
 */
export function checkGradientModelOptions(options: GradientModelOptions): { maxBatch: number; eps: ExecutionProviderConfig[] } {
  const maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
  if (!isInteger(maxBatch, { min: 1 })) throw new RangeError(`maxBatch: expected an integer >= 1, got ${options.maxBatch}`);
  const eps = (options.checkExecutionProviders ?? checkExecutionProviderList)(options.executionProviders ?? ['cpu']);
  if (options.labels !== undefined && (!Array.isArray(options.labels) || !options.labels.every((l) => typeof l === 'string')))
    throw new TypeError('labels: expected an array of strings (one class name per class)');
  if (options.outputKind !== undefined && options.outputKind !== 'logits' && options.outputKind !== 'tensor')
    throw new TypeError(`outputKind: expected 'logits' or 'tensor', got ${JSON.stringify(options.outputKind)}`);
  return { maxBatch, eps };
}

/** A compiled gradient graph and what the cache did. */
export interface CompileOutcome {
  compiled: CompiledGradient;
  cache: CacheReport;
}

const uncached = (bytes: Uint8Array, options: GradientCompileOptions): CompileOutcome => ({ compiled: compileGradient(bytes, options), cache: { status: 'off' } as CacheReport });

/** Zero feeds of one batch (the fixed batch size, else 1) for both sessions. */
function zeroFeeds(sig: ModelSignature, extras: readonly ExtraFeed[], outputDims: readonly number[], cotangentInput: string) {
  const rows = sig.fixedBatch ?? 1;
  const size = (s: readonly number[]) => s.reduce((a, b) => a * b, rows);
  return {
    ...extraFeedTensors(extras, rows),
    [sig.input]: { data: new Float32Array(size(sig.inputShape)), dims: [rows, ...sig.inputShape] },
    [cotangentInput]: { data: new Float32Array(size(outputDims)), dims: [rows, ...outputDims] },
  };
}

/**
 * Runs one zero batch through both sessions: proves the EP can run them, and reads the logits'
 * per-sample dims (declared shapes may be symbolic or absent). Returns them, e.g. [10] or [1000, 1, 1].
 */
async function probe(
  runtime: OrtRuntime, sig: ModelSignature, extras: readonly ExtraFeed[], forward: InferenceSession, gradient: InferenceSession, cotangentInput: string, gradOutput: string, anyTensor: boolean,
): Promise<number[]> {
  const rows = sig.fixedBatch ?? 1;
  const x = { data: new Float32Array(rows * numel(sig.inputShape)), dims: [rows, ...sig.inputShape] };
  const other = extraFeedTensors(extras, rows);
  const fwdFeeds = forward === gradient ? undefined : { ...other, [sig.input]: x };
  let outDims: number[];
  if (fwdFeeds) {
    const z = (await runFloat(runtime, forward, fwdFeeds, [sig.output]))[sig.output]!;
    outDims = checkedOutputDims(sig, z.dims, rows, anyTensor);
  } else {
    const known = sig.outputDims?.every((d) => typeof d === 'number') ? [...(sig.outputDims as number[])] : undefined;
    // The gradient graph needs the cotangent's shape up front; without a declared one there is nothing to feed.
    if (!known) throw new ModelSignatureError(`output '${sig.output}' declares no static shape; keep separateForwardSession on so the adapter can measure it`);
    outDims = known;
  }
  if (!anyTensor) classesOf(sig.output, outDims);
  const ct = { data: new Float32Array(rows * numel(outDims)), dims: [rows, ...outDims] };
  const out = await runFloat(runtime, gradient, { ...other, [sig.input]: x, [cotangentInput]: ct }, [sig.output, gradOutput]);
  const g = out[gradOutput]!;
  if (g.dims.join() !== x.dims.join())
    throw new ModelSignatureError(`the gradient output '${gradOutput}' came back as [${g.dims.join(', ')}], expected [${x.dims.join(', ')}]`);
  checkedOutputDims(sig, out[sig.output]!.dims, rows, anyTensor);
  return outDims;
}

function checkedOutputDims(sig: ModelSignature, dims: readonly number[], rows: number, anyTensor = false): number[] {
  if (anyTensor) {
    if (dims.length < 1 || dims[0] !== rows)
      throw new ModelSignatureError(`output '${sig.output}' came back as [${dims.join(', ')}] for a batch of ${rows}; a chained part's output must have the batch axis first`);
    return dims.slice(1);
  }
  if (dims.length < 2 || dims[0] !== rows)
    throw new ModelSignatureError(
      `output '${sig.output}' came back as [${dims.join(', ')}] for a batch of ${rows}; expected logits [N, C], a sequence [N, T, C] or a map [N, 1, H, W] with the batch first (pick the output with options.output)`,
    );
  const per = dims.slice(1);
  classesOf(sig.output, per);
  return per;
}
