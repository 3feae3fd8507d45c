/**
 * A text classifier explained at its embedding. `createEmbeddingModel` cuts the model at the
 * output of its embedding `Gather` (see `cutAtEmbedding`), compiles the gradient with respect to
 * that tensor and opens the sessions. `bind(ids)` then gives a `GradientModel` whose input is the
 * embedding [N, T, D] of one token sequence: the sequence's ids are fed to every row (for the
 * nodes that read them, such as a padding mask), the embeddings vary. Every attribution, attack
 * and black-box method of @axplain/core runs on it unchanged.
 */
import { type GradientModel, numel, ShapeMismatchError, type Tensor, type VjpResult } from '@axplain/core';
import { decodeModel, DT, encodeModel, type ModelProto } from '@axplain/onnx';
import type { InferenceSession, Tensor as OrtTensor } from 'onnxruntime-common';
import { compileGradient, needsPortableGraph } from './compile.js';
import { cutAtEmbedding, type EmbeddingCut, type EmbeddingCutOptions } from './cut-at-embedding.js';
import { ModelDisposedError, ModelSignatureError } from './errors.js';
import { chooseLogits } from './logits-output.js';
import type { ExecutionProviderConfig, OrtRuntime } from './runtime.js';
import { type AdapterSessionOptions, checkExecutionProviderList, createSession, firstWorking, releaseAll } from './session-runner.js';
import { checkFinite, checkFiniteOutput } from './non-finite.js';

export interface EmbeddingModelOptions extends EmbeddingCutOptions {
  /** The logits output. @defaultValue the first output (a final Softmax is read at its input) */
  output?: string;
  /** Class names. */
  labels?: readonly string[];
  /** Rows per session run. @defaultValue 32 */
  maxBatch?: number;
  /** @defaultValue ['cpu'] */
  executionProviders?: ExecutionProviderConfig[];
  sessionOptions?: AdapterSessionOptions;
  /** Names the model in messages. @defaultValue 'model bytes' */
  source?: string;
}

export class EmbeddingModel {
  /** Token positions T and embedding size D: a bound model's input is [N, T, D]. */
  readonly seqLength: number;
  readonly dim: number;
  readonly vocab: number;
  readonly classes: number;
  readonly labels?: readonly string[];
  /** The embedding output the gradients are taken with respect to, and the ids input. */
  readonly embeddingName: string;
  readonly idsName: string;
  readonly executionProvider: string;
  readonly #cut: EmbeddingCut;
  readonly #runtime: OrtRuntime;
  #forward: InferenceSession | undefined;
  #gradient: InferenceSession | undefined;
  readonly #output: string;
  readonly #cotangent: string;
  readonly #grad: string;
  readonly #maxBatch: number;

  constructor(parts: { cut: EmbeddingCut; runtime: OrtRuntime; forward: InferenceSession; gradient: InferenceSession; output: string; cotangent: string; grad: string; classes: number; labels?: readonly string[]; maxBatch: number; executionProvider: string }) {
    this.#cut = parts.cut;
    this.#runtime = parts.runtime;
    this.#forward = parts.forward;
    this.#gradient = parts.gradient;
    this.#output = parts.output;
    this.#cotangent = parts.cotangent;
    this.#grad = parts.grad;
    this.#maxBatch = parts.maxBatch;
    this.seqLength = parts.cut.seqLength;
    this.dim = parts.cut.dim;
    this.vocab = parts.cut.vocab;
    this.classes = parts.classes;
    if (parts.labels) this.labels = Object.freeze([...parts.labels]);
    this.embeddingName = parts.cut.embedding;
    this.idsName = parts.cut.ids;
    this.executionProvider = parts.executionProvider;
  }

  /**
   * The embedding rows of token ids ([rows * T] ids): [rows, T, D].
   * @example const e = model.embed(tokenizer.encode('free money', model.seqLength).ids);
   */
  embed(ids: ArrayLike<number>): Tensor {
    const { seqLength: t, dim: d, vocab } = this;
    if (ids.length === 0 || ids.length % t !== 0) throw new ShapeMismatchError('ids', ['rows * T'], [ids.length], `T = ${t} token ids per sequence`);
    const out = new Float32Array(ids.length * d);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (!Number.isInteger(id) || id < 0 || id >= vocab) throw new RangeError(`ids[${i}]: ${id} is not a row of the ${vocab}-row embedding table of '${this.embeddingName}'`);
      out.set(this.#cut.table.subarray(id * d, (id + 1) * d), i * d);
    }
    return { data: out, shape: [ids.length / t, t, d] };
  }

  /** Logits of token-id sequences ([rows * T] ids): [rows, classes]. */
  async predict(ids: ArrayLike<number>): Promise<Tensor> {
    const e = this.embed(ids);
    const rows = e.shape[0]!, c = this.classes, t = this.seqLength;
    const z = new Float32Array(rows * c);
    for (let s = 0; s < rows; s += this.#maxBatch) {
      const r = Math.min(this.#maxBatch, rows - s);
      const part = Array.from(ids).slice(s * t, (s + r) * t);
      const out = await this.#run(false, e.data.subarray(s * t * this.dim, (s + r) * t * this.dim), r, (k) => part.slice(k * t, (k + 1) * t));
      z.set(out.logits, s * c);
    }
    return { data: z, shape: [rows, c] };
  }

  /**
   * A `GradientModel` over the embedding [N, T, D] of the token sequence `ids` (T ids).
   * @example
   * const gm = model.bind(ids);
   * const { attribution, delta } = await integratedGradients(gm, model.embed(ids), { target: 1 });
   * tokenAttributions(attribution); // [1, T] signed scores per token
   */
  bind(ids: ArrayLike<number>): GradientModel {
    if (ids.length !== this.seqLength) throw new ShapeMismatchError('bind(ids)', [this.seqLength], [ids.length], 'one sequence of T token ids (pad it with the tokenizer)');
    this.embed(ids);
    const row = Array.from(ids);
    const shape = Object.freeze([this.seqLength, this.dim]);
    const check = (method: string, x: Tensor): number => {
      if (!this.#forward) throw new ModelDisposedError(method);
      const n = x.shape[0]!;
      if (x.shape.length !== 3 || x.shape[1] !== shape[0] || x.shape[2] !== shape[1] || !(n >= 1) || x.data.length !== numel(x.shape))
        throw new ShapeMismatchError(`${method}(): x for '${this.embeddingName}'`, ['N', ...shape], x.shape, 'embeddings of the bound token sequence');
      checkFinite(x, 'input', method);
      return n;
    };
    const run = async (x: Tensor, cotangent: Tensor | undefined): Promise<VjpResult> => {
      const n = x.shape[0]!, per = numel(shape), c = this.classes;
      const z = new Float32Array(n * c), g = new Float32Array(cotangent ? n * per : 0);
      for (let s = 0; s < n; s += this.#maxBatch) {
        const r = Math.min(this.#maxBatch, n - s);
        const out = await this.#run(cotangent !== undefined, x.data.subarray(s * per, (s + r) * per), r, () => row, cotangent?.data.subarray(s * c, (s + r) * c));
        z.set(out.logits, s * c);
        if (out.grad) g.set(out.grad, s * per);
      }
      const logits = { data: z, shape: [n, c] };
      checkFiniteOutput(logits, 'output', this.#output, []);
      return { logits, grad: { data: g, shape: [n, ...shape] } };
    };
    return {
      specificationVersion: 'v1', inputShape: shape, classes: this.classes, labels: this.labels,
      logits: async (x) => { check('logits', x); return (await run(x, undefined)).logits; },
      vjp: async (x, cotangent) => {
        const n = check('vjp', x);
        if (cotangent.shape.length !== 2 || cotangent.shape[0] !== n || cotangent.shape[1] !== this.classes)
          throw new ShapeMismatchError(`vjp(): cotangent of output '${this.#output}'`, [n, this.classes], cotangent.shape);
        return run(x, cotangent);
      },
      dispose: async () => {},
    };
  }

  async #run(wantGrad: boolean, x: Float32Array, rows: number, idsOf: (row: number) => number[], cotangent?: Float32Array): Promise<{ logits: Float32Array; grad?: Float32Array }> {
    const session = wantGrad ? this.#gradient : this.#forward;
    if (!session) throw new ModelDisposedError(wantGrad ? 'vjp' : 'logits');
    const { Tensor } = this.#runtime;
    const t = this.seqLength;
    const feeds: Record<string, OrtTensor> = { [this.embeddingName]: new Tensor('float32', Float32Array.from(x), [rows, t, this.dim]) };
    if (this.#cut.idsKept) {
      const flat: number[] = [];
      for (let k = 0; k < rows; k++) flat.push(...idsOf(k));
      feeds[this.idsName] = this.#cut.idsType === DT.INT64
        ? new Tensor('int64', BigInt64Array.from(flat, (v) => BigInt(v)), [rows, t])
        : new Tensor('int32', Int32Array.from(flat), [rows, t]);
    }
    if (wantGrad) feeds[this.#cotangent] = new Tensor('float32', Float32Array.from(cotangent!), [rows, this.classes]);
    const out = await session.run(feeds, wantGrad ? [this.#output, this.#grad] : [this.#output]);
    const z = out[this.#output]!;
    if (z.type !== 'float32' || z.data.length !== rows * this.classes) throw new ModelSignatureError(`output '${this.#output}' came back as ${z.type} [${z.dims.join(', ')}]; expected float32 [${rows}, ${this.classes}]`);
    return { logits: z.data as Float32Array, grad: wantGrad ? (out[this.#grad]!.data as Float32Array) : undefined };
  }

  /** Releases the sessions. Idempotent. */
  async dispose(): Promise<void> {
    const s = [this.#forward, this.#gradient];
    this.#forward = this.#gradient = undefined;
    await releaseAll(s);
  }
}

/**
 * Opens a text classifier (token ids in, logits out) for explanations at its embedding output.
 * @example
 * const model = await createEmbeddingModel(bytes, runtime, { labels: ['ham', 'spam'] });
 * const ids = tokenizer.encode(text, model.seqLength).ids;
 * const r = await integratedGradients(model.bind(ids), model.embed(ids), { steps: 64 });
 */
export async function createEmbeddingModel(bytes: Uint8Array | ModelProto, runtime: OrtRuntime, options: EmbeddingModelOptions = {}): Promise<EmbeddingModel> {
  const source = options.source ?? 'model bytes';
  const decoded = bytes instanceof Uint8Array ? decodeModel(bytes, source) : bytes;
  const logits = chooseLogits(decoded, options.output);
  const output = logits.output ?? decoded.graph!.output![0]!.name!;
  const cut = cutAtEmbedding(decoded, options, source);
  const cutBytes = encodeModel(cut.model);
  const maxBatch = options.maxBatch ?? 32;
  if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new RangeError(`maxBatch: expected an integer >= 1, got ${options.maxBatch}`);
  const eps = checkExecutionProviderList(options.executionProviders ?? ['cpu']);
  const compiled = compileGradient(cutBytes, { wrt: cut.embedding, of: output, portable: needsPortableGraph(eps) });
  const { value, provider } = await firstWorking(runtime, eps, async (ep) => {
    const forward = await createSession(runtime, cutBytes, ep, options.sessionOptions ?? {});
    try {
      return { forward, gradient: await createSession(runtime, compiled.bytes, ep, options.sessionOptions ?? {}) };
    } catch (e) {
      await forward.release();
      throw e;
    }
  });
  let classes: number;
  try {
    classes = await probeClasses(runtime, value.forward, cut, output);
  } catch (e) {
    await releaseAll([value.forward, value.gradient]);
    throw e;
  }
  if (options.labels && options.labels.length !== classes) {
    await releaseAll([value.forward, value.gradient]);
    throw new RangeError(`labels: ${options.labels.length} names given but output '${output}' has ${classes} classes`);
  }
  return new EmbeddingModel({
    cut, runtime, forward: value.forward, gradient: value.gradient, output, cotangent: compiled.cotangentInput, grad: compiled.gradOutput,
    classes, labels: options.labels, maxBatch, executionProvider: provider,
  });
}

/** Runs one row of padding ids through the cut model and returns the logits' class count. */
async function probeClasses(runtime: OrtRuntime, forward: InferenceSession, cut: EmbeddingCut, output: string): Promise<number> {
  const { Tensor } = runtime;
  const t = cut.seqLength;
  const feeds: Record<string, OrtTensor> = { [cut.embedding]: new Tensor('float32', new Float32Array(cut.dim * t), [1, t, cut.dim]) };
  for (let k = 0; k < t; k++) (feeds[cut.embedding]!.data as Float32Array).set(cut.table.subarray(0, cut.dim), k * cut.dim);
  if (cut.idsKept) feeds[cut.ids] = cut.idsType === DT.INT64 ? new Tensor('int64', new BigInt64Array(t), [1, t]) : new Tensor('int32', new Int32Array(t), [1, t]);
  const z = (await forward.run(feeds, [output]))[output]!;
  if (z.type !== 'float32' || z.dims.length !== 2 || z.dims[0] !== 1 || !(Number(z.dims[1]) >= 2))
    throw new ModelSignatureError(`output '${output}' came back as ${z.type} [${z.dims.join(', ')}] for one sequence; a text classifier's logits are float32 [N, C] with C >= 2 (pick them with options.output)`);
  return Number(z.dims[1]);
}
