/**
 * `GradientModel` v1 on onnxruntime (any runtime the shell passes): logits from a session of the original model, vjp from
 * a session of the compiled gradient graph. Batches are split into chunks of at most `maxBatch`
 * rows (or exactly the model's fixed batch size, padded with zeros), run one after the other and
 * concatenated; [N, C, 1, 1] logits are flattened to [N, C] and the cotangent reshaped back.
 */
import { type GradientModel, isInteger, type LabelSource, numel, ShapeMismatchError, type Tensor, type VjpResult } from '@axplain/core';
import type { InferenceSession } from 'onnxruntime-common';
import type { OrtRuntime } from './runtime.js';
import type { CacheReport, NodePlacement } from './compile.js';
import { checkFinite, checkFiniteOutput } from './non-finite.js';
import { ModelDisposedError, ModelSignatureError, type ExecutionProviderFailure } from './errors.js';
import { type FloatArray, releaseAll, runFloat } from './session-runner.js';

/** Everything the model is built from (made by `createGradientModel`). */
export interface OnnxGradientModelParts {
  /** The runtime the sessions belong to. */
  runtime: OrtRuntime;
  /** Session of the original model; `undefined` runs logits on the gradient session with a zero cotangent. */
  forward: InferenceSession | undefined;
  gradient: InferenceSession;
  input: string;
  output: string;
  cotangentInput: string;
  gradOutput: string;
  inputShape: readonly number[];
  /** Per-sample dims of the logits output as the model produces them, e.g. [10] or [1000, 1, 1]. */
  outputDims: readonly number[];
  fixedBatch: number | undefined;
  maxBatch: number;
  labels: readonly string[] | undefined;
  /** Where `labels` came from. */
  labelSource?: LabelSource;
  executionProvider: string;
  fallbacks: readonly ExecutionProviderFailure[];
  cache: CacheReport;
  placement: NodePlacement | undefined;
  nodes: { forward: number; total: number };
  outputNote?: string;
  /** The model's `metadata_props`. */
  metadata?: Readonly<Record<string, string>>;
  /** Opset of the default ONNX domain. */
  opset?: number;
  /** Initializers holding NaN/Inf (named when an output comes back non-finite). */
  nonFiniteWeights?: readonly string[];
}

export class OnnxGradientModel implements GradientModel {
  readonly specificationVersion = 'v1' as const;
  readonly inputShape: readonly number[];
  /** Values per sample of the output (for a classifier, its classes). */
  readonly classes: number;
  /** Per-sample shape of the output as the model produces it, e.g. [10], [1000, 1, 1] or, for `outputKind: 'tensor'`, [1, 40, 98]. */
  readonly outputShape: readonly number[];
  readonly labels?: readonly string[];
  /** Where `labels` came from: given, the model's metadata, or ImageNet's names for a 1000-class model. */
  readonly labelSource?: LabelSource;
  /** The graph input x is fed to. */
  readonly inputName: string;
  /**
   * The tensor holding the logits: by default the first float output, or the input of a final
   * Softmax (explanations and attacks need logits); any intermediate tensor when `output` names one.
   */
  readonly outputName: string;
  /** Why `outputName` is not the model's first output, when it is not. */
  readonly outputNote?: string;
  /** The EP the sessions run on (the first of `executionProviders` that worked). */
  readonly executionProvider: string;
  /** The EPs tried before `executionProvider`, and why each failed (empty when the first worked). */
  readonly fallbacks: readonly ExecutionProviderFailure[];
  /** The model's static batch size (its samples are run that many at a time), `undefined` when dynamic. */
  readonly fixedBatch: number | undefined;
  /** Most rows per session run for a dynamic batch axis. */
  readonly maxBatch: number;
  /** What the compile cache did. */
  readonly cache: CacheReport;
  /** Kernels per onnxruntime provider in the gradient graph, when `reportPlacement` was set. */
  readonly placement: NodePlacement | undefined;
  /** Node counts of the original and the compiled graph. */
  readonly nodes: { readonly forward: number; readonly total: number };
  /** The model's `metadata_props` (ONNX image metadata, class names, producer notes), as key -> value. */
  readonly metadata: Readonly<Record<string, string>>;
  /** Opset of the model's default ONNX domain. */
  readonly opset: number | undefined;
  /** Name of the compiled graph's cotangent input and gradient output. */
  readonly gradientIo: { readonly cotangent: string; readonly grad: string };

  readonly #runtime: OrtRuntime;
  #forward: InferenceSession | undefined;
  #gradient: InferenceSession | undefined;
  readonly #outputDims: readonly number[];
  readonly #nonFiniteWeights: readonly string[];
  #disposed = false;

  /** Use `loadModel` (or `createGradientModel`); this constructor takes sessions that are already open. */
  constructor(parts: OnnxGradientModelParts) {
    this.#runtime = parts.runtime;
    this.#forward = parts.forward;
    this.#gradient = parts.gradient;
    this.#outputDims = parts.outputDims;
    this.#nonFiniteWeights = parts.nonFiniteWeights ?? [];
    this.inputShape = Object.freeze([...parts.inputShape]);
    this.classes = numel(parts.outputDims);
    this.outputShape = Object.freeze([...parts.outputDims]);
    if (parts.labels) this.labels = Object.freeze([...parts.labels]);
    this.labelSource = parts.labels ? parts.labelSource : undefined;
    this.inputName = parts.input;
    this.outputName = parts.output;
    this.outputNote = parts.outputNote;
    this.gradientIo = Object.freeze({ cotangent: parts.cotangentInput, grad: parts.gradOutput });
    this.executionProvider = parts.executionProvider;
    this.fallbacks = Object.freeze([...parts.fallbacks]);
    this.fixedBatch = parts.fixedBatch;
    this.maxBatch = parts.maxBatch;
    this.cache = Object.freeze({ ...parts.cache });
    this.placement = parts.placement;
    this.nodes = Object.freeze({ ...parts.nodes });
    this.metadata = Object.freeze({ ...parts.metadata });
    this.opset = parts.opset;
  }

  /**
   * Batched logits f(x): [N, classes].
   * @example const z = await model.logits({ data: new Float32Array(784), shape: [1, 1, 28, 28] });
   */
  async logits(x: Tensor): Promise<Tensor> {
    const n = this.#checkInput('logits', x);
    const { logits } = await this.#run(x, undefined, n);
    checkFiniteOutput(logits, 'output', this.outputName, this.#nonFiniteWeights);
    return logits;
  }

  /**
   * The gradient of sum(cotangent * f(x)) with respect to x, with f(x).
   * @example const { logits, grad } = await model.vjp(x, { data: oneHotRows, shape: [n, model.classes] });
   */
  async vjp(x: Tensor, cotangent: Tensor): Promise<VjpResult> {
    const n = this.#checkInput('vjp', x);
    if (!cotangent || !(cotangent.data instanceof Float32Array) || !Array.isArray(cotangent.shape))
      throw new TypeError('vjp(): cotangent must be a Tensor { data: Float32Array, shape }');
    if (cotangent.shape.length !== 2 || cotangent.shape[0] !== n || cotangent.shape[1] !== this.classes || cotangent.data.length !== n * this.classes)
      throw new ShapeMismatchError(`vjp(): cotangent of output '${this.outputName}'`, [n, this.classes], cotangent.shape, 'one row of class weights per sample of x');
    checkFinite(cotangent, 'cotangent', 'vjp');
    const r = await this.#run(x, cotangent, n);
    checkFiniteOutput(r.logits, 'output', this.outputName, this.#nonFiniteWeights);
    checkFiniteOutput(r.grad!, 'gradient', this.gradientIo.grad, this.#nonFiniteWeights);
    return { logits: r.logits, grad: r.grad! };
  }

  /** Releases the sessions. Idempotent; later `logits`/`vjp` calls throw `ModelDisposedError`. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    const sessions = [this.#forward, this.#gradient];
    this.#forward = this.#gradient = undefined;
    await releaseAll(sessions);
  }

  #checkInput(method: string, x: Tensor): number {
    if (this.#disposed) throw new ModelDisposedError(method);
    if (!x || !(x.data instanceof Float32Array) || !Array.isArray(x.shape))
      throw new TypeError(`${method}(): x must be a Tensor { data: Float32Array, shape }`);
    const n = x.shape[0];
    const ok = x.shape.length === this.inputShape.length + 1 && this.inputShape.every((d, i) => x.shape[i + 1] === d) && isInteger(n, { min: 1 });
    if (!ok) throw new ShapeMismatchError(`${method}(): x for input '${this.inputName}'`, ['N', ...this.inputShape], x.shape, 'N >= 1 samples of the model\'s per-sample input shape');
    if (x.data.length !== numel(x.shape)) throw new RangeError(`${method}(): x has ${x.data.length} values but its shape [${x.shape.join(', ')}] needs ${numel(x.shape)}`);
    checkFinite(x, 'input', method);
    return n!;
  }

  async #run(x: Tensor, cotangent: Tensor | undefined, n: number): Promise<{ logits: Tensor; grad?: Tensor }> {
    const d = numel(this.inputShape);
    const c = this.classes;
    const step = this.fixedBatch ?? this.maxBatch;
    const logits = new Float32Array(n * c);
    const grad = cotangent ? new Float32Array(n * d) : undefined;
    const wantGrad = cotangent !== undefined;
    for (let s = 0; s < n; s += step) {
      const rows = Math.min(step, n - s);
      const feedRows = this.fixedBatch ?? rows;
      const xs = padRows(x.data, s, rows, feedRows, d);
      const session = wantGrad || !this.#forward ? this.#gradient : this.#forward;
      if (!session) throw new ModelDisposedError(wantGrad ? 'vjp' : 'logits');
      const feeds: Record<string, FloatArray> = { [this.inputName]: { data: xs, dims: [feedRows, ...this.inputShape] } };
      if (session === this.#gradient) {
        const ct = cotangent ? padRows(cotangent.data, s, rows, feedRows, c) : new Float32Array(feedRows * c);
        feeds[this.gradientIo.cotangent] = { data: ct, dims: [feedRows, ...this.#outputDims] };
      }
      const fetches = wantGrad ? [this.outputName, this.gradientIo.grad] : [this.outputName];
      const out = await runFloat(this.#runtime, session, feeds, fetches);
      const z = out[this.outputName]!;
      if (z.data.length !== feedRows * c)
        throw new ModelSignatureError(
          `output '${this.outputName}' came back as [${z.dims.join(', ')}] for a batch of ${feedRows}; expected [${[feedRows, ...this.#outputDims].join(', ')}]`,
        );
      logits.set(z.data.subarray(0, rows * c), s * c);
      if (grad) grad.set(out[this.gradientIo.grad]!.data.subarray(0, rows * d), s * d);
    }
    return { logits: { data: logits, shape: [n, c] }, grad: grad && { data: grad, shape: [n, ...this.inputShape] } };
  }
}

/** Rows [start, start + rows) of a batch as a fresh array of `feedRows` rows (zeros after `rows`). */
function padRows(data: Float32Array, start: number, rows: number, feedRows: number, rowSize: number): Float32Array {
  const out = new Float32Array(feedRows * rowSize);
  out.set(data.subarray(start * rowSize, (start + rows) * rowSize));
  return out;
}
