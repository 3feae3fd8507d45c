/** Checks of a metric's inputs, with errors naming the field, the shape and the metric. */
import {
  AxplainError, batchedLogits, checkInternalBatchSize, type GradientModel, numel, resolveTargets, ShapeMismatchError, type Target, type Tensor,
} from '@axplain/core';
import { explainerOf } from './explainer.js';
import type { Explainer, MetricContext, MetricInput } from './types.js';

/** A metric called without an input it needs (an attribution, an explainer, masks, a randomizable model). */
export class MetricInputError extends AxplainError {
  constructor(readonly metric: string, readonly field: string, message: string) {
    super(`${metric}: ${message}`, 'METRIC_INPUT');
  }
}

/** `input[field]`, or a MetricInputError saying the metric needs it. */
export function need<K extends keyof MetricInput>(input: MetricInput, field: K, metric: string): NonNullable<MetricInput[K]> {
  const v = input[field];
  if (v === undefined || v === null) throw new MetricInputError(metric, field, `needs \`${field}\` in its input (see the metric's registry entry, \`needs\`)`);
  return v as NonNullable<MetricInput[K]>;
}

/** Checks that `x` is [N >= 1, ...model.inputShape]; returns N and the values per sample D. */
export function checkBatch(model: GradientModel, x: Tensor, metric: string): { n: number; d: number } {
  const d = numel(model.inputShape);
  const n = x.shape[0] ?? 0;
  if (x.shape.slice(1).join() !== model.inputShape.join() || x.data.length !== n * d || n < 1)
    throw new ShapeMismatchError(`${metric}: x`, ['N >= 1', ...model.inputShape], x.shape, "give a non-empty batch of the model's per-sample input shape");
  return { n, d };
}

/** Checks that `attribution` is shaped like `x`. */
export function checkAttribution(x: Tensor, attribution: Tensor, metric: string): void {
  if (attribution.shape.join() !== x.shape.join() || attribution.data.length !== x.data.length)
    throw new ShapeMismatchError(`${metric}: attribution`, x.shape, attribution.shape, 'give one attribution value per input value');
}

/** The batch size of a context (core's internal batch size rules: an integer >= 1, default 64). */
export const batchSizeOf = (context: MetricContext): number => {
  try {
    return checkInternalBatchSize(context.batchSize);
  } catch {
    throw new RangeError(`batchSize: must be an integer >= 1, got ${String(context.batchSize)}`);
  }
};

/** `input.explainer` as a function (a registry name resolved), or a MetricInputError. */
export const explainerIn = (input: MetricInput, metric: string): Explainer => explainerOf(need(input, 'explainer', metric), input.box);

/** One class per sample; `'predicted'` (the default) costs one batched logits pass. */
export async function metricTargets(model: GradientModel, x: Tensor, target: Target | undefined, context: MetricContext): Promise<Int32Array> {
  const n = x.shape[0]!;
  const t = target ?? 'predicted';
  if (t !== 'predicted') return resolveTargets(t, n, model.classes);
  return resolveTargets(t, n, model.classes, await batchedLogits(model, x, { internalBatchSize: batchSizeOf(context), signal: context.signal }));
}

/** The model, the checked batch and its classes: what every model-calling metric starts from. */
export interface ModelBatch { model: GradientModel; x: Tensor; n: number; d: number; targets: Int32Array }

/** `input.model` and `input.x` checked, with the targets resolved. */
export async function modelBatch(input: MetricInput, metric: string, context: MetricContext): Promise<ModelBatch> {
  const model = need(input, 'model', metric);
  const x = need(input, 'x', metric);
  const { n, d } = checkBatch(model, x, metric);
  return { model, x, n, d, targets: await metricTargets(model, x, input.target, context) };
}

/** `input.attribution`, checked against `input.x` when that is given; N and D. */
export function attributionOf(input: MetricInput, metric: string): { a: Tensor; n: number; d: number } {
  const a = need(input, 'attribution', metric);
  if (input.x) checkAttribution(input.x, a, metric);
  const n = a.shape[0] ?? 0;
  if (n < 1 || a.data.length % n !== 0) throw new ShapeMismatchError(`${metric}: attribution`, ['N >= 1', '...'], a.shape, 'give a batch-first map');
  const bad = a.data.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new RangeError(`${metric}: attribution value ${bad} (sample ${Math.floor(bad / (a.data.length / n))}) is ${a.data[bad]}; every value must be finite`);
  return { a, n, d: a.data.length / n };
}
