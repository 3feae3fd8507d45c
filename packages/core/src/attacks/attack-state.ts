/**
 * Internal bookkeeping of the iterative attacks: the ascent losses as cotangents, evaluation of
 * the still-active samples only (finished samples leave the batch), and the best point per
 * sample, which starts as the clean input with success false.
 */
import type { GradientModel } from '../gradient-model.js';
import { crossEntropy, logProbability } from '../losses/cross-entropy.js';
import type { LossResult } from '../losses/loss.js';
import { dlr, margin } from '../losses/margin.js';
import { argmaxRow } from '../targets.js';
import type { Tensor } from '../tensor.js';

/** Losses the iterative attacks maximise. */
export type AttackLoss = 'ce' | 'margin' | 'dlr';

/** A loss to maximise, for logits of the sample rows `rows` (indices into the batch). */
export type AscentLoss = (logits: Tensor, rows: readonly number[]) => LossResult;

const pick = (a: Int32Array, rows: readonly number[]): Int32Array => Int32Array.from(rows, (r) => a[r]!);
const negate = (l: LossResult): LossResult => ({
  value: l.value.map((v) => -v),
  cotangent: { data: l.cotangent.data.map((v) => -v), shape: l.cotangent.shape },
});

/**
 * The ascent form of a loss. Untargeted (`labels` = true classes): CE(y), -margin(y), DLR(y).
 * Targeted towards `labels`: -CE(t), margin(t) (positive once t wins), targeted DLR, which also
 * needs the clean classes `clean`.
 */
export function ascentLoss(kind: AttackLoss, targeted: boolean, labels: Int32Array, clean?: Int32Array): AscentLoss {
  return (z, rows) => {
    const y = pick(labels, rows);
    if (kind === 'ce') return targeted ? logProbability(z, y) : crossEntropy(z, y);
    if (kind === 'margin') return targeted ? margin(z, y) : negate(margin(z, y));
    if (!targeted) return dlr(z, y);
    if (!clean) throw new Error('ascentLoss: targeted DLR needs the clean classes');
    return dlr(z, pick(clean, rows), y);
  };
}

/** Rows `rows` (samples of d values) of src, packed. */
export function gatherRows(src: ArrayLike<number>, rows: readonly number[], d: number): Float32Array<ArrayBuffer> {
  const out = new Float32Array(rows.length * d);
  rows.forEach((r, k) => { for (let i = 0; i < d; i++) out[k * d + i] = src[r * d + i]!; });
  return out;
}

/** Whether row k of logits meets the goal for sample `row`. */
export function meetsGoal(logits: Tensor, k: number, label: number, targeted: boolean): boolean {
  const p = argmaxRow(logits, k);
  return targeted ? p === label : p !== label;
}

/** Logits of the packed rows. */
export function rowLogits(model: GradientModel, xs: Float32Array, rows: readonly number[]): Promise<Tensor> {
  return model.logits({ data: xs, shape: [rows.length, ...model.inputShape] });
}

/** Goal met per packed row. */
export function rowSuccess(logits: Tensor, rows: readonly number[], goal: Int32Array, targeted: boolean): Uint8Array {
  return Uint8Array.from(rows, (r, k) => (meetsGoal(logits, k, goal[r]!, targeted) ? 1 : 0));
}

/** Ascent loss and its input gradient at the packed rows, whose logits are given. */
export async function rowGradient(
  model: GradientModel, xs: Float32Array, rows: readonly number[], logits: Tensor, loss: AscentLoss,
): Promise<{ value: Float32Array; grad: Float32Array }> {
  const l = loss(logits, rows);
  const { grad } = await model.vjp({ data: xs, shape: [rows.length, ...model.inputShape] }, l.cotangent);
  return { value: l.value, grad: grad.data };
}

/**
 * Drops the packed rows flagged in `done` (early stopping): the remaining sample indices with
 * their packed points and logits.
 */
export function dropRows(
  rows: readonly number[], done: Uint8Array, xs: Float32Array<ArrayBuffer>, logits: Tensor, d: number,
): { rows: number[]; xs: Float32Array<ArrayBuffer>; logits: Tensor } {
  const keep = [...rows.keys()].filter((k) => !done[k]);
  if (keep.length === rows.length) return { rows: [...rows], xs, logits };
  const c = logits.shape[1]!;
  return { rows: keep.map((k) => rows[k]!), xs: gatherRows(xs, keep, d), logits: { data: gatherRows(logits.data, keep, c), shape: [keep.length, c] } };
}

/** Best point per sample: the clean input until a successful point is recorded. */
export class BestPoints {
  readonly points: Float32Array;
  readonly found: Uint8Array;
  readonly iterations: Int32Array;
  constructor(x0: Float32Array, readonly n: number, readonly d: number) {
    this.points = Float32Array.from(x0);
    this.found = new Uint8Array(n);
    this.iterations = new Int32Array(n);
  }
  /** Records packed row k of xs for sample rows[k] wherever success[k]. */
  record(xs: Float32Array, rows: readonly number[], success: Uint8Array): void {
    rows.forEach((r, k) => {
      if (!success[k]) return;
      this.found[r] = 1;
      this.points.set(xs.subarray(k * this.d, (k + 1) * this.d), r * this.d);
    });
  }
  /** Samples without a successful point yet. */
  open(): number[] {
    return Array.from({ length: this.n }, (_, i) => i).filter((i) => !this.found[i]);
  }
}
