/**
 * A `GradientModel` whose parameters are live Float32Arrays: the inference model with its
 * trained initializers turned into graph inputs, fed from the arrays on every run. A trainer
 * attacks and evaluates its current parameters through it without writing a model and opening
 * new sessions each batch (what `loadModel(encodeModel(withParameters(...)))` would do; the two
 * agree, see parameter-model.test.ts).
 */
import { type GradientModel, type ParamValues, ShapeMismatchError, type Tensor, type VjpResult } from '@axplain/core';
import { buildLoss, compile, encodeModel, Graph, type ModelProto, paramsToInputs, seedCotangent } from '@axplain/onnx';
import type { InferenceSession } from 'onnxruntime-common';
import { ModelDisposedError, ModelSignatureError } from '../model/errors.js';
import type { OrtRuntime } from '../model/runtime.js';
import { createSession, runFloat, type AdapterSessionOptions, type FloatArray } from '../model/session-runner.js';

export interface ParameterModelOptions {
  /** The onnxruntime to run on (the node shell passes onnxruntime-node). */
  runtime: OrtRuntime;
  /** Graph input x. @defaultValue the first graph input that is not an initializer */
  input?: string;
  /** Logits output [N, C]. @defaultValue the first graph output */
  output?: string;
  /** Most samples per session run (larger batches are split). @defaultValue 256 */
  maxBatch?: number;
  /** onnxruntime session options (CPU EP). @defaultValue { logSeverityLevel: 3 } */
  sessionOptions?: AdapterSessionOptions;
}

interface Lazy { bytes: () => Uint8Array; session?: Promise<InferenceSession> }

/**
 * One-hot rows [n, classes] of integer labels.
 * @example oneHotRows(Int32Array.of(2), 3) // Float32Array [0, 0, 1]
 */
export function oneHotRows(y: ArrayLike<number>, classes: number): Float32Array {
  const out = new Float32Array(y.length * classes);
  for (let i = 0; i < y.length; i++) out[i * classes + y[i]!] = 1;
  return out;
}

export class ParameterModel implements GradientModel {
  readonly specificationVersion = 'v1';
  readonly inputShape: readonly number[];
  readonly classes: number;
  readonly labels?: readonly string[];
  private readonly input: string;
  private readonly output: string;
  private readonly maxBatch: number;
  private readonly shapes: Record<string, number[]>;
  private readonly forward: Lazy;
  // The gradient graphs are compiled on first use (an evaluation may need only the logits).
  private gradientGraph?: Lazy & { cotangent: string; grad: string };
  private ceGraph?: Lazy & { labels: string; grad: string };
  private readonly open: ModelProto;
  private disposed = false;

  /**
   * @param inference the inference model (its listed initializers are replaced by graph inputs)
   * @param params the live parameter arrays, by initializer name; read at every run
   * @example
   * ```ts
   * const live = new ParameterModel(inference, params, { runtime });
   * const z = await live.logits(x); // with the current values of params
   * params.W1![0] = 0; // the next call sees the change
   * ```
   */
  constructor(inference: ModelProto, readonly params: ParamValues, private readonly options: ParameterModelOptions, labels?: readonly string[]) {
    const names = Object.keys(params);
    const open = paramsToInputs(inference, names);
    this.shapes = Object.fromEntries(open.params.map((p) => [p.name, p.shape]));
    for (const p of open.params)
      if (params[p.name]!.length !== p.values.length)
        throw new RangeError(`params.${p.name}: ${params[p.name]!.length} values for initializer '${p.name}' of shape [${p.shape.join(', ')}]`);
    const gr = open.model.graph!;
    const isParam = new Set(names);
    this.input = options.input ?? gr.input!.find((i) => !isParam.has(i.name!) && !(gr.initializer ?? []).some((t) => t.name === i.name))?.name ?? '';
    this.output = options.output ?? gr.output?.[0]?.name ?? '';
    const g = new Graph(open.model);
    const xs = g.info(this.input).shape;
    const zs = g.info(this.output).shape;
    if (xs.slice(1).some((d) => typeof d !== 'number') || typeof zs[1] !== 'number' || zs.length !== 2)
      throw new ModelSignatureError(`the input '${this.input}' [${xs.join(', ')}] needs static per-sample dims and the output '${this.output}' [${zs.join(', ')}] must be [N, C] to train the model (pass options.input / options.output to pick others)`);
    this.inputShape = xs.slice(1) as number[];
    this.classes = zs[1];
    if (labels) this.labels = labels;
    this.maxBatch = options.maxBatch ?? 256;
    this.open = open.model;
    this.forward = { bytes: () => encodeModel(open.model) };
  }

  private get gradient(): Lazy & { cotangent: string; grad: string } {
    if (!this.gradientGraph) {
      const vjp = compile(this.open, { wrt: [this.input], of: this.output });
      this.gradientGraph = { bytes: () => encodeModel(vjp.model), cotangent: vjp.cotangentInput, grad: vjp.gradOutputs[0]! };
    }
    return this.gradientGraph;
  }

  /** d(sum_n CE_n)/dx in one run: the loss graph with a summed cross-entropy, differentiated in x. */
  private get ceGrad(): Lazy & { labels: string; grad: string } {
    if (!this.ceGraph) {
      // The open model has the parameters as inputs already; buildLoss keeps them (params: []).
      const lossGraph = buildLoss(this.open, { input: this.input, output: this.output, params: [], terms: [{ kind: 'cross-entropy', reduction: 'sum', name: 'ce' }] });
      const ce = compile(lossGraph.model, { wrt: [lossGraph.x], of: lossGraph.loss });
      seedCotangent(ce.model, ce.cotangentInput);
      this.ceGraph = { bytes: () => encodeModel(ce.model), labels: lossGraph.labels, grad: ce.gradOutputs[0]! };
    }
    return this.ceGraph;
  }

  private session(l: Lazy): Promise<InferenceSession> {
    if (this.disposed) throw new ModelDisposedError('ParameterModel');
    return (l.session ??= createSession(this.options.runtime, l.bytes(), 'cpu', this.options.sessionOptions ?? {}));
  }

  private paramFeeds(): Record<string, FloatArray> {
    return Object.fromEntries(Object.entries(this.params).map(([k, v]) => [k, { data: v, dims: this.shapes[k]! }]));
  }

  /** Runs `fn` on row chunks of at most maxBatch samples and concatenates each output. */
  private async chunked(n: number, fn: (a: number, b: number) => Promise<Float32Array[]>): Promise<Float32Array[]> {
    if (n <= this.maxBatch) return fn(0, n);
    const parts: Float32Array[][] = [];
    for (let a = 0; a < n; a += this.maxBatch) parts.push(await fn(a, Math.min(n, a + this.maxBatch)));
    return parts[0]!.map((_, k) => {
      const out = new Float32Array(parts.reduce((s, p) => s + p[k]!.length, 0));
      let at = 0;
      for (const p of parts) { out.set(p[k]!, at); at += p[k]!.length; }
      return out;
    });
  }

  private rows(x: Tensor): { n: number; d: number } {
    const d = this.inputShape.reduce((a, b) => a * b, 1);
    const n = x.shape[0] ?? 0;
    if (x.shape.length !== this.inputShape.length + 1 || x.shape.slice(1).some((s, i) => s !== this.inputShape[i]) || x.data.length !== n * d)
      throw new ShapeMismatchError('x', ['N', ...this.inputShape], x.shape);
    return { n, d };
  }

  async logits(x: Tensor): Promise<Tensor> {
    const { n, d } = this.rows(x);
    const s = await this.session(this.forward);
    const [z] = await this.chunked(n, async (a, b) => {
      const out = await runFloat(this.options.runtime, s, { ...this.paramFeeds(), [this.input]: { data: x.data.subarray(a * d, b * d), dims: [b - a, ...this.inputShape] } }, [this.output]);
      return [out[this.output]!.data];
    });
    return { data: z!, shape: [n, this.classes] };
  }

  async vjp(x: Tensor, cotangent: Tensor): Promise<VjpResult> {
    const { n, d } = this.rows(x);
    if (cotangent.data.length !== n * this.classes) throw new ShapeMismatchError('cotangent', [n, this.classes], cotangent.shape);
    const s = await this.session(this.gradient);
    const c = this.classes;
    const [z, g] = await this.chunked(n, async (a, b) => {
      const out = await runFloat(this.options.runtime, s, {
        ...this.paramFeeds(),
        [this.input]: { data: x.data.subarray(a * d, b * d), dims: [b - a, ...this.inputShape] },
        [this.gradient.cotangent]: { data: cotangent.data.subarray(a * c, b * c), dims: [b - a, c] },
      }, [this.output, this.gradient.grad]);
      return [out[this.output]!.data, out[this.gradient.grad]!.data];
    });
    return { logits: { data: z!, shape: [n, c] }, grad: { data: g!, shape: [...x.shape] } };
  }

  /**
   * d(sum_n CE(f(x_n), y_n)) / dx (each sample's own cross-entropy gradient) and the logits, in
   * one session run per chunk: what a PGD step on the training loss needs.
   * @example const { grad } = await live.crossEntropyGradient(x, Int32Array.of(3));
   */
  async crossEntropyGradient(x: Tensor, y: ArrayLike<number>): Promise<{ grad: Tensor; logits: Tensor }> {
    const { n, d } = this.rows(x);
    if (y.length !== n) throw new RangeError(`y: ${y.length} labels for a batch of ${n}`);
    const c = this.classes;
    const onehot = oneHotRows(y, c);
    const s = await this.session(this.ceGrad);
    const [z, g] = await this.chunked(n, async (a, b) => {
      const out = await runFloat(this.options.runtime, s, {
        ...this.paramFeeds(),
        [this.input]: { data: x.data.subarray(a * d, b * d), dims: [b - a, ...this.inputShape] },
        [this.ceGrad.labels]: { data: onehot.subarray(a * c, b * c), dims: [b - a, c] },
      }, [this.output, this.ceGrad.grad]);
      return [out[this.output]!.data, out[this.ceGrad.grad]!.data];
    });
    return { grad: { data: g!, shape: [...x.shape] }, logits: { data: z!, shape: [n, c] } };
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    for (const l of [this.forward, this.gradientGraph, this.ceGraph]) if (l?.session) await (await l.session).release();
  }
}
