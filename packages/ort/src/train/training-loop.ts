/**
 * The mini-batch loop shared by `train` and the find-another-explanation trainers: a compiled
 * training graph (`compileLoss`) run on onnxruntime's CPU EP, seeded batches, optional per-batch
 * input transforms (adversarial examples), an optional L1 penalty on parameters applied outside
 * the graph, and an optimiser updating the live parameter arrays in place.
 */
import { batchCount, batches, type Dataset, deriveSeed, type Optimizer, type ParamValues, type Tensor, throwIfAborted } from '@axplain/core';
import { encodeModel, type TrainingGraph } from '@axplain/onnx';
import type { OrtRuntime } from '../model/runtime.js';
import { type AdapterSessionOptions, createSession, type FloatArray, runFloat } from '../model/session-runner.js';
import { oneHotRows } from './parameter-model.js';

/** Progress after one optimiser step. */
export interface StepReport {
  /** Epoch, from 0. */
  epoch: number;
  /** Steps taken so far in the run (1 after the first). */
  step: number;
  /** Batch index within the epoch, from 0, and the batches per epoch. */
  batch: number;
  batches: number;
  /** The batch's total loss (graph terms plus the L1 penalty). */
  loss: number;
  /** Each term's weighted value, by term name (`ce`, `rrr`, `grad_l2`, `l2`, `l1`, ...). */
  terms: Record<string, number>;
}

/** Batch means of an epoch's losses. */
export interface EpochLosses {
  epoch: number;
  loss: number;
  terms: Record<string, number>;
  seconds: number;
}

/** An L1 penalty lambda * sum |theta| over `params`, added to the loss and its subgradient lambda * sign(theta) to the gradients. */
export interface L1Penalty {
  lambda: number;
  params: readonly string[];
}

export interface TrainingLoopOptions {
  /** The onnxruntime the training graph runs on (its CPU EP). */
  runtime: OrtRuntime;
  graph: TrainingGraph;
  /** Live parameter values by name (updated in place); every name of `graph.params`. */
  params: ParamValues;
  train: Dataset;
  epochs: number;
  batchSize: number;
  seed: number;
  optimizer: Optimizer;
  l1?: L1Penalty;
  /** Replaces a batch's inputs before the step (e.g. PGD examples), given the step number. */
  transform?: (x: Tensor, y: Int32Array, step: number) => Promise<Tensor>;
  onStep?: (r: StepReport) => void;
  /** Awaited after each epoch (evaluation, checkpoints). */
  afterEpoch?: (r: EpochLosses) => Promise<void> | void;
  sessionOptions?: AdapterSessionOptions;
  signal?: AbortSignal;
}

/**
 * Runs the loop; returns the per-epoch losses and the number of steps.
 * @example
 * ```ts
 * const graph = compileLoss(buildLoss(model, { terms: [crossEntropy()] }));
 * const params = Object.fromEntries(graph.params.map((p) => [p.name, p.values.slice()]));
 * await trainingLoop({ runtime, graph, params, train, epochs: 2, batchSize: 64, seed: 0, optimizer: new Adam() });
 * ```
 */
export async function trainingLoop(o: TrainingLoopOptions): Promise<{ epochs: EpochLosses[]; steps: number }> {
  const { graph, params } = o;
  for (const p of graph.params)
    if (!params[p.name] || params[p.name]!.length !== p.values.length) throw new RangeError(`params.${p.name}: missing or not ${p.values.length} values`);
  if (graph.mask && !o.train.masks)
    throw new RangeError('train: the loss has a masked term (rightReasons) but the training set has no annotation masks; use a dataset with `masks` (loadDecoyMnist) or drop the term');
  const shapes = Object.fromEntries(graph.params.map((p) => [p.name, p.shape]));
  const l1 = o.l1 && o.l1.lambda !== 0 ? o.l1 : undefined;
  for (const name of l1?.params ?? []) if (!params[name]) throw new RangeError(`l1.params: '${name}' is not a trained parameter`);
  const session = await createSession(o.runtime, encodeModel(graph.model), 'cpu', o.sessionOptions ?? {});
  const fetches = [graph.loss, ...graph.terms.map((t) => t.output), ...graph.params.map((p) => graph.grads[p.name]!)];
  const classes = o.train.classes;
  const perEpoch = batchCount(o.train.n, o.batchSize);
  const history: EpochLosses[] = [];
  let step = 0;
  try {
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      const t0 = performance.now();
      const sums: Record<string, number> = {};
      let lossSum = 0, count = 0;
      for (const b of batches(o.train, { batchSize: o.batchSize, seed: o.seed, epoch })) {
        throwIfAborted(o.signal, 'training');
        const x = o.transform ? await o.transform(b.x, b.y, step) : b.x;
        const feeds: Record<string, FloatArray> = {
          [graph.x]: { data: x.data, dims: x.shape },
          [graph.labels]: { data: oneHotRows(b.y, classes), dims: [b.n, classes] },
        };
        if (graph.mask) feeds[graph.mask] = { data: b.masks!.data, dims: b.masks!.shape };
        for (const p of graph.params) feeds[p.name] = { data: params[p.name]!, dims: shapes[p.name]! };
        const out = await runFloat(o.runtime, session, feeds, fetches);
        const terms: Record<string, number> = {};
        for (const t of graph.terms) terms[t.name] = out[t.output]!.data[0]!;
        let loss = out[graph.loss]!.data[0]!;
        const grads: ParamValues = {};
        for (const p of graph.params) grads[p.name] = out[graph.grads[p.name]!]!.data;
        if (l1) {
          let s = 0;
          for (const name of l1.params) {
            const w = params[name]!, g = grads[name]!;
            for (let i = 0; i < w.length; i++) { s += Math.abs(w[i]!); g[i] = g[i]! + l1.lambda * Math.sign(w[i]!); }
          }
          terms.l1 = l1.lambda * s;
          loss += terms.l1;
        }
        o.optimizer.step(params, grads);
        step++;
        lossSum += loss;
        count++;
        for (const [k, v] of Object.entries(terms)) sums[k] = (sums[k] ?? 0) + v;
        o.onStep?.({ epoch, step, batch: count - 1, batches: perEpoch, loss, terms });
      }
      const r: EpochLosses = {
        epoch, loss: lossSum / count, terms: Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / count])), seconds: (performance.now() - t0) / 1000,
      };
      history.push(r);
      await o.afterEpoch?.(r);
    }
  } finally {
    await session.release();
  }
  return { epochs: history, steps: step };
}

/** The seed of the random start of the PGD examples of step `step`. */
export const adversarialSeed = (seed: number, step: number): number => deriveSeed(seed, 0x30000 + step);
