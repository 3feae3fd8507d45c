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
import { type ExtraFeed, extraFeedTensors, type TypedFeed } from './extra-inputs.js';
import type { DeclaredDim } from './io-names.js';

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
  /** Values of the inputs that are not explained. */
  extraFeeds?: readonly ExtraFeed[];
  /** Which extra inputs are fed zeros, one line. */
  feedNote?: string;
  /** The model's `metadata_props`. */
  metadata?: Readonly<Record<string, string>>;
  /** Opset of the default ONNX domain. */
  opset?: number;
  /** Initializers holding NaN/Inf (named when an output comes back non-finite). */
  nonFiniteWeights?: readonly string[];
}

/** A model whose input has symbolic per-sample dims and no `inputShape`: specialised to its first input. */
export interface PendingShape {
  /** The explained input and its declared dims (batch first). */
  input: string;
  declared: readonly DeclaredDim[];
  /** Compiles and opens the model for one per-sample shape. */
  specialise: (inputShape: readonly number[]) => Promise<OnnxGradientModelParts>;
}

type Info = Omit<OnnxGradientModel, 'logits' | 'vjp' | 'dispose' | 'specialise' | 'specificationVersion' | 'shapeFromFirstInput'>;

export class OnnxGradientModel implements GradientModel {
  readonly specificationVersion = 'v1' as const;
  /** Per-sample input shape. A model loaded with symbolic dims and no `inputShape` has one once specialised (its first input, or `specialise`). */
  get inputShape(): readonly number[] { return this.#i().inputShape; }
  get classes(): number { return this.#i().classes; }
  /** Per-sample dims of the output, e.g. [10], [1000, 1, 1], a sequence [T, C] or a map [1, H, W]; `classes` is their product. */
  get outputShape(): readonly number[] { return this.#i().outputShape; }
  get labels(): readonly string[] | undefined { return this.#i().labels; }
  /** Where `labels` came from: given, the model's metadata, or ImageNet's names for a 1000-class model. */
  get labelSource(): LabelSource | undefined { return this.#i().labelSource; }
  /** The graph input x is fed to. */
  get inputName(): string { return this.#info?.inputName ?? this.#pending!.input; }
  /**
   * The tensor holding the logits: by default the first float output, or the input of a final
   * Softmax or Sigmoid (explanations and attacks need logits); any intermediate tensor when `output` names one.
   */
  get outputName(): string { return this.#i().outputName; }
  /** Why `outputName` is not the model's first output, when it is not. */
  get outputNote(): string | undefined { return this.#i().outputNote; }
  /** Which inputs besides `inputName` are fed zeros because no value was given (one line), when any is. */
  get feedNote(): string | undefined { return this.#i().feedNote; }
  /** The inputs besides `inputName` and how they are fed: per sample (repeated for every row) or whole, given or zeros. */
  get feeds(): readonly { readonly name: string; readonly dims: readonly number[]; readonly perSample: boolean; readonly zeros: boolean }[] { return this.#i().feeds; }
  /** The EP the sessions run on (the first of `executionProviders` that worked). */
  get executionProvider(): string { return this.#i().executionProvider; }
  /** The EPs tried before `executionProvider`, and why each failed (empty when the first worked). */
  get fallbacks(): readonly ExecutionProviderFailure[] { return this.#i().fallbacks; }
  /** The model's static batch size (its samples are run that many at a time), `undefined` when dynamic. */
  get fixedBatch(): number | undefined { return this.#i().fixedBatch; }
  /** Most rows per session run for a dynamic batch axis. */
  get maxBatch(): number { return this.#i().maxBatch; }
  /** What the compile cache did. */
  get cache(): CacheReport { return this.#i().cache; }
  /** Kernels per onnxruntime provider in the gradient graph, when `reportPlacement` was set. */
  get placement(): NodePlacement | undefined { return this.#i().placement; }
  /** Node counts of the original and the compiled graph. */
  get nodes(): { readonly forward: number; readonly total: number } { return this.#i().nodes; }
  /** The model's `metadata_props` (ONNX image metadata, class names, producer notes), as key -> value. */
  get metadata(): Readonly<Record<string, string>> { return this.#i().metadata; }
  /** Opset of the model's default ONNX domain. */
  get opset(): number | undefined { return this.#i().opset; }
  /** Name of the compiled graph's cotangent input and gradient output. */
  get gradientIo(): { readonly cotangent: string; readonly grad: string } { return this.#i().gradientIo; }
  /** The input shape is set by the first input (the model declares symbolic per-sample dims and no `inputShape` was given). */
  readonly shapeFromFirstInput: boolean;

  #runtime!: OrtRuntime;
  #forward: InferenceSession | undefined;
  #gradient: InferenceSession | undefined;
  #outputDims!: readonly number[];
  #nonFiniteWeights: readonly string[] = [];
  #extraFeeds: readonly ExtraFeed[] = [];
  #info: Info | undefined;
  #pending: PendingShape | undefined;
  #specialising: Promise<void> | undefined;
  #disposed = false;

  /**
   * Use `loadModel` (or `createGradientModel`); this constructor takes sessions that are already
   * open, or (`{ pending }`) how to open them for the shape of the first input.
   */
  constructor(parts: OnnxGradientModelParts | { pending: PendingShape }) {
    this.shapeFromFirstInput = 'pending' in parts;
    if ('pending' in parts) this.#pending = parts.pending;
    else this.#adopt(parts);
  }

  #adopt(parts: OnnxGradientModelParts): void {
    this.#runtime = parts.runtime;
    this.#forward = parts.forward;
    this.#gradient = parts.gradient;
    this.#outputDims = parts.outputDims;
    this.#nonFiniteWeights = parts.nonFiniteWeights ?? [];
    this.#extraFeeds = parts.extraFeeds ?? [];
    this.#info = Object.freeze({
      inputShape: Object.freeze([...parts.inputShape]),
      classes: numel(parts.outputDims),
      outputShape: Object.freeze([...parts.outputDims]),
      labels: parts.labels ? Object.freeze([...parts.labels]) : undefined,
      labelSource: parts.labels ? parts.labelSource : undefined,
      inputName: parts.input,
      outputName: parts.output,
      outputNote: parts.outputNote,
      feedNote: parts.feedNote,
      feeds: Object.freeze(this.#extraFeeds.map((f) => Object.freeze({ name: f.name, dims: Object.freeze([...f.dims]), perSample: f.perSample, zeros: f.zeros }))),
      gradientIo: Object.freeze({ cotangent: parts.cotangentInput, grad: parts.gradOutput }),
      executionProvider: parts.executionProvider,
      fallbacks: Object.freeze([...parts.fallbacks]),
      fixedBatch: parts.fixedBatch,
      maxBatch: parts.maxBatch,
      cache: Object.freeze({ ...parts.cache }),
      placement: parts.placement,
      nodes: Object.freeze({ ...parts.nodes }),
      metadata: Object.freeze({ ...parts.metadata }),
      opset: parts.opset,
    });
  }

  #i(): Info {
    if (this.#info) return this.#info;
    const p = this.#pending!;
    throw new ModelSignatureError(
      `input '${p.input}' is declared [${p.declared.join(', ')}] with symbolic per-sample dims and no inputShape was given: the model takes its shape from ` +
        'its first input, and knows it only after the first logits()/vjp() call; call `await model.specialise([...])` first, or load it with inputShape (CLI: --input-shape)',
    );
  }

  /**
   * Compiles and opens a model loaded with symbolic per-sample dims for `inputShape` (what its
   * first `logits`/`vjp` call does with that input's shape). A model has one shape: another is
   * an error (load the model again for it; the compile cache keeps one entry per shape).
   * @example await model.specialise([3, 48, 192]); await explain(model, x);
   */
  async specialise(inputShape: readonly number[]): Promise<void> {
    if (this.#disposed) throw new ModelDisposedError('specialise');
    if (!Array.isArray(inputShape) || !inputShape.every((d) => isInteger(d, { min: 1 })))
      throw new RangeError(`specialise(): expected positive integers (per sample, without the batch axis), got ${JSON.stringify(inputShape)}`);
    const p = this.#pending;
    if (!p) {
      if (inputShape.join() !== this.inputShape.join()) throw this.#otherShape(inputShape);
      return;
    }
    const per = p.declared.slice(1);
    if (per.length !== inputShape.length || per.some((d, i) => typeof d === 'number' && d !== inputShape[i]))
      throw new ShapeMismatchError(`per-sample shape of x for input '${p.input}' (declared [${p.declared.join(', ')}])`, per, inputShape, 'Give the declared rank (without the batch axis), with the static dims as declared');
    this.#specialising ??= p.specialise(inputShape).then(async (parts) => {
      if (this.#disposed) return releaseAll([parts.forward, parts.gradient]);
      this.#adopt(parts);
      this.#pending = undefined;
    }, (e: unknown) => {
      this.#specialising = undefined;
      throw e;
    });
    await this.#specialising;
    if (this.inputShape.join() !== inputShape.join()) throw this.#otherShape(inputShape);
  }

  #otherShape(shape: readonly number[]): Error {
    return new ShapeMismatchError(
      `per-sample shape of x for input '${this.inputName}'`, this.inputShape, shape,
      this.shapeFromFirstInput
        ? `The model was specialised to [${this.inputShape.join(', ')}] by its first input; load it again (or with inputShape) for another shape`
        : 'The model\'s per-sample input shape is fixed',
    );
  }

  async #ready(x: Tensor): Promise<void> {
    if (!this.shapeFromFirstInput || this.#disposed || !x || !Array.isArray(x.shape) || x.shape.length < 1) return;
    const shape = x.shape.slice(1);
    // Shapes that are not positive integers are left to #checkInput's error.
    if (shape.every((d) => isInteger(d, { min: 1 }))) await this.specialise(shape);
  }

  /**
   * Batched logits f(x): [N, classes].
   * @example const z = await model.logits({ data: new Float32Array(784), shape: [1, 1, 28, 28] });
   */
  async logits(x: Tensor): Promise<Tensor> {
    await this.#ready(x);
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
    await this.#ready(x);
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
      const feeds: Record<string, FloatArray | TypedFeed> = { ...extraFeedTensors(this.#extraFeeds, feedRows), [this.inputName]: { data: xs, dims: [feedRows, ...this.inputShape] } };
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
