/**
 * The batching every model-calling metric goes through: perturbed inputs are virtual rows built
 * chunk by chunk (never the whole expanded batch at once), sent `batchSize` rows per model call.
 */
import { forEachChunk, type GradientModel, type Tensor } from '@axplain/core';
import { batchSizeOf } from './input.js';
import type { Explainer, MetricContext } from './types.js';

/** Counts rows evaluated against the total a metric announced, reporting to `onProgress`. */
export class Progress {
  private done = 0;
  constructor(private readonly context: MetricContext, readonly total: number) {}
  tick(rows: number): void {
    this.done += rows;
    this.context.onProgress?.(this.done, this.total);
  }
}

/** What a perturbed input is scored by: the target's logit, its softmax probability, or 1 when it is still the argmax (else 0). */
export type ScoreKind = 'logit' | 'probability' | 'accuracy';

/** The score of class `target` in one row of logits. */
function rowScore(z: Float32Array, offset: number, classes: number, target: number, kind: ScoreKind): number {
  if (kind === 'logit') return z[offset + target]!;
  let m = -Infinity, best = 0;
  for (let k = 0; k < classes; k++) if (z[offset + k]! > m) { m = z[offset + k]!; best = k; }
  if (kind === 'accuracy') return best === target ? 1 : 0;
  let s = 0;
  for (let k = 0; k < classes; k++) s += Math.exp(z[offset + k]! - m);
  return Math.exp(z[offset + target]! - m) / s;
}

/**
 * Scores of `rows` virtual inputs: `build(start, end)` makes rows [start, end) as a tensor
 * [end - start, ...inputShape]; row r is scored for class `targetOf(r)`.
 */
export async function scoreRows(
  model: GradientModel, rows: number, build: (start: number, end: number) => Tensor, targetOf: (row: number) => number,
  kind: ScoreKind, context: MetricContext, progress: Progress,
): Promise<Float64Array> {
  const out = new Float64Array(rows);
  const c = model.classes;
  await forEachChunk(rows, { internalBatchSize: batchSizeOf(context), signal: context.signal }, async (start, end) => {
    const z = await model.logits(build(start, end));
    for (let i = 0; i < end - start; i++) out[start + i] = rowScore(z.data, i * c, c, targetOf(start + i), kind);
    progress.tick(end - start);
  });
  return out;
}

/**
 * Explains `rows` virtual inputs chunk by chunk and hands each chunk's attributions to `consume`
 * (so memory stays one chunk); row r is explained for class `targetOf(r)`.
 */
export async function explainRows(
  explainer: Explainer, model: GradientModel, rows: number, build: (start: number, end: number) => Tensor,
  targetOf: (row: number) => number, context: MetricContext, progress: Progress,
  consume: (start: number, attribution: Float32Array, input: Float32Array) => void,
): Promise<void> {
  await forEachChunk(rows, { internalBatchSize: batchSizeOf(context), signal: context.signal }, async (start, end) => {
    const x = build(start, end);
    const a = await explainer(model, x, Int32Array.from({ length: end - start }, (_, i) => targetOf(start + i)), context.signal);
    if (a.data.length !== x.data.length)
      throw new RangeError(`explainer: returned ${a.data.length} values for ${end - start} inputs of ${x.data.length / (end - start)} values each; it must return one attribution per input value`);
    consume(start, a.data, x.data);
    progress.tick(end - start);
  });
}

/**
 * Rows [start, end) of `rows` virtual inputs, each a copy of sample `sampleOf(r)` of `x` (D
 * values per sample) modified in place by `edit(row, values)`.
 */
export function buildRows(
  x: Tensor, d: number, sampleOf: (row: number) => number, edit: (row: number, values: Float32Array) => void,
): (start: number, end: number) => Tensor {
  return (start, end) => {
    const data = new Float32Array((end - start) * d);
    for (let r = start; r < end; r++) {
      const v = data.subarray((r - start) * d, (r - start + 1) * d);
      const s = sampleOf(r);
      v.set(x.data.subarray(s * d, (s + 1) * d));
      edit(r, v);
    }
    return { data, shape: [end - start, ...x.shape.slice(1)] };
  };
}
