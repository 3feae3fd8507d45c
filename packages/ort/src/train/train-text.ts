/**
 * `trainText`: fits a text classifier (token ids in, e.g. `buildTextClassifier`) with axplain's
 * loss graphs, where the input-gradient terms (RRR, double backpropagation) differentiate with
 * respect to a float tensor of the model (`gradientOf`; token ids are integers): the token
 * weights [N, T] of `buildTextClassifier` by default, or the embedding output [N, T, D].
 * Annotation masks are per token (1 = "the model should not rely on this token"), spread over
 * the tensor's values of that token. The embedding table is trained through the Gather.
 */
import { Adam, checkInteger, checkSeed, deriveSeed, type ParamValues, shuffledIndices, throwIfAborted } from '@axplain/core';
import { buildLoss, compileLoss, crossEntropy, encodeModel, Graph, type LossTerm, type ModelProto, trainableParams, withParameters } from '@axplain/onnx';
import type { InferenceSession, Tensor as OrtTensor } from 'onnxruntime-common';
import type { OrtRuntime } from '../model/runtime.js';
import { createSession } from '../model/session-runner.js';
import { oneHotRows } from './parameter-model.js';
import { TrainingError } from './training-error.js';

/** Token-id sequences with labels and optional per-token masks. */
export interface TextDataset {
  /** [n * seqLength] token ids (0 = padding). */
  readonly ids: Int32Array;
  readonly y: Int32Array;
  readonly n: number;
  readonly seqLength: number;
  readonly classes: number;
  /** [n * seqLength]: 1 on tokens the model should not rely on (RRR), 0 elsewhere. */
  readonly masks?: Uint8Array;
}

export interface TrainTextOptions {
  runtime: OrtRuntime;
  /** The inference model: token ids [N, T] int64 in, logits [N, C] out. */
  model: ModelProto;
  train: TextDataset;
  test?: TextDataset;
  /** @defaultValue [crossEntropy()] */
  terms?: LossTerm[];
  /** Ids input and logits. @defaultValue 'ids', 'logits' */
  ids?: string;
  /** What the input-gradient terms differentiate: a float tensor [N, T] or [N, T, ...]. @defaultValue 'token_weights' */
  gradientOf?: string;
  output?: string;
  /** @defaultValue 1 */
  epochs?: number;
  /** @defaultValue 32 */
  batchSize?: number;
  /** Adam's learning rate. @defaultValue 1e-3 */
  lr?: number;
  /** Seed of the batch order. @defaultValue 0 */
  seed?: number;
  onEpoch?: (r: { epoch: number; loss: number; terms: Record<string, number>; testAccuracy?: number; seconds: number }) => void;
  signal?: AbortSignal;
}

export interface TrainTextResult {
  model: ModelProto;
  bytes: Uint8Array;
  params: ParamValues;
  accuracy: { train: number; test?: number };
  seconds: number;
}

const ids64 = (runtime: OrtRuntime, ids: Int32Array, rows: number, t: number): OrtTensor => new runtime.Tensor('int64', BigInt64Array.from(ids, (v) => BigInt(v)), [rows, t]);

/**
 * @example
 * const model = buildTextClassifier({ vocab: tk.vocabSize, dim: 16, seqLength: 128, classes: 2 });
 * const r = await trainText({ runtime, model, train, test, terms: [crossEntropy(), rightReasons(10)], epochs: 5 });
 */
export async function trainText(o: TrainTextOptions): Promise<TrainTextResult> {
  const t0 = performance.now();
  const seed = checkSeed(o.seed ?? 0);
  const epochs = checkInteger('epochs', o.epochs ?? 1, { min: 1 });
  const batchSize = checkInteger('batchSize', o.batchSize ?? 32, { min: 1 });
  const ds = o.train;
  if (ds.n === 0) throw new RangeError('train: the training set is empty');
  const idsName = o.ids ?? 'ids', gradientOf = o.gradientOf ?? 'token_weights', output = o.output ?? 'logits';
  const g = new Graph(o.model);
  const t = g.info(idsName).shape[1];
  const emb = g.tryInfo(gradientOf);
  if (!emb || emb.shape[1] !== t) throw new TrainingError(`no tensor '${gradientOf}' [N, ${t}, ...] in the model; name the token weights or the embedding output with the gradientOf option`);
  if (t !== ds.seqLength) throw new TrainingError(`the model's '${idsName}' is [${g.info(idsName).shape.join(', ')}] but the dataset has ${ds.seqLength} tokens per sample`);
  for (const s of [ds, o.test]) if (s && s.ids.length !== s.n * s.seqLength) throw new RangeError(`ids: ${s.ids.length} ids for ${s.n} samples of ${s.seqLength} tokens`);
  const d = emb.shape.slice(2).reduce<number>((a, v) => a * Number(v), 1);
  const names = trainableParams(o.model);
  const lossGraph = buildLoss(o.model, { input: idsName, output, params: names, terms: o.terms ?? [crossEntropy()], gradientOf });
  if (lossGraph.mask && !ds.masks) throw new TrainingError('train: the loss has a masked term (rightReasons) but the training set has no token masks');
  const graph = compileLoss(lossGraph);
  const params: ParamValues = Object.fromEntries(graph.params.map((p) => [p.name, p.values.slice()]));
  const shapes = Object.fromEntries(graph.params.map((p) => [p.name, p.shape]));
  const optimizer = new Adam({ lr: o.lr ?? 1e-3 });
  const { runtime } = o;
  const session = await createSession(runtime, encodeModel(graph.model), 'cpu', {});
  const fetches = [graph.loss, ...graph.terms.map((x) => x.output), ...graph.params.map((p) => graph.grads[p.name]!)];
  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      const e0 = performance.now();
      const order = shuffledIndices(ds.n, deriveSeed(seed, epoch));
      const sums: Record<string, number> = {};
      let lossSum = 0, count = 0;
      for (let s = 0; s < ds.n; s += batchSize) {
        throwIfAborted(o.signal, 'training');
        const rows = Math.min(batchSize, ds.n - s);
        const ids = new Int32Array(rows * t), y = new Int32Array(rows);
        const mask = lossGraph.mask ? new Float32Array(rows * t * d) : undefined;
        for (let k = 0; k < rows; k++) {
          const i = order[s + k]!;
          ids.set(ds.ids.subarray(i * t, (i + 1) * t), k * t);
          y[k] = ds.y[i]!;
          if (mask) for (let p = 0; p < t; p++) if (ds.masks![i * t + p]) mask.fill(1, (k * t + p) * d, (k * t + p + 1) * d);
        }
        const feeds: Record<string, OrtTensor> = {
          [graph.x]: ids64(runtime, ids, rows, t),
          [graph.labels]: new runtime.Tensor('float32', oneHotRows(y, ds.classes), [rows, ds.classes]),
        };
        if (mask) feeds[graph.mask!] = new runtime.Tensor('float32', mask, [rows, t, ...emb.shape.slice(2).map(Number)]);
        for (const p of graph.params) feeds[p.name] = new runtime.Tensor('float32', params[p.name]!, [...shapes[p.name]!]);
        const out = await session.run(feeds, fetches);
        const grads: ParamValues = {};
        for (const p of graph.params) grads[p.name] = out[graph.grads[p.name]!]!.data as Float32Array;
        optimizer.step(params, grads);
        lossSum += (out[graph.loss]!.data as Float32Array)[0]!;
        for (const term of graph.terms) sums[term.name] = (sums[term.name] ?? 0) + (out[term.output]!.data as Float32Array)[0]!;
        count++;
      }
      const rep = { epoch, loss: lossSum / count, terms: Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / count])), seconds: (performance.now() - e0) / 1000 } as Parameters<NonNullable<TrainTextOptions['onEpoch']>>[0];
      if (o.test && o.onEpoch) rep.testAccuracy = await textAccuracy(runtime, withParameters(o.model, params), o.test, { ids: idsName, output });
      o.onEpoch?.(rep);
    }
  } finally {
    await session.release();
  }
  const model = withParameters(o.model, params);
  const accuracy: TrainTextResult['accuracy'] = { train: await textAccuracy(runtime, model, ds, { ids: idsName, output }) };
  if (o.test) accuracy.test = await textAccuracy(runtime, model, o.test, { ids: idsName, output });
  return { model, bytes: encodeModel(model), params, accuracy, seconds: (performance.now() - t0) / 1000 };
}

/**
 * Logits of token-id sequences ([n * T] ids) on a text model: [n, classes] row-major.
 * @example const z = await textLogits(runtime, model, ids, 128);
 */
export async function textLogits(runtime: OrtRuntime, model: ModelProto | Uint8Array, ids: Int32Array, seqLength: number, names: { ids?: string; output?: string } = {}): Promise<Float32Array> {
  const session: InferenceSession = await createSession(runtime, model instanceof Uint8Array ? model : encodeModel(model), 'cpu', {});
  const idsName = names.ids ?? 'ids', output = names.output ?? 'logits';
  const n = ids.length / seqLength, chunk = 256;
  const parts: Float32Array[] = [];
  try {
    for (let s = 0; s < n; s += chunk) {
      const rows = Math.min(chunk, n - s);
      const out = await session.run({ [idsName]: ids64(runtime, ids.subarray(s * seqLength, (s + rows) * seqLength), rows, seqLength) }, [output]);
      parts.push(out[output]!.data as Float32Array);
    }
  } finally {
    await session.release();
  }
  const all = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) { all.set(p, at); at += p.length; }
  return all;
}

/** Fraction of `ds` the model classifies correctly (argmax of the logits). */
export async function textAccuracy(runtime: OrtRuntime, model: ModelProto | Uint8Array, ds: TextDataset, names: { ids?: string; output?: string } = {}): Promise<number> {
  const z = await textLogits(runtime, model, ds.ids, ds.seqLength, names);
  const c = ds.classes;
  let ok = 0;
  for (let i = 0; i < ds.n; i++) {
    let best = 0;
    for (let k = 1; k < c; k++) if (z[i * c + k]! > z[i * c + best]!) best = k;
    if (best === ds.y[i]) ok++;
  }
  return ok / ds.n;
}
