/**
 * Projected gradient descent (Madry et al. 2018) and the basic iterative method (Kurakin et al.
 * 2017) under the Linf, L2 and L1 norms. The L1 step is the sparse SLIDE step (Tramer & Boneh
 * 2019) followed by the exact L1-ball projection.
 */
import type { GradientModel } from '../gradient-model.js';
import type { Tensor } from '../tensor.js';
import { checkChoice, checkInteger, checkNumber } from '../validate.js';
import {
  ascentLoss, BestPoints, gatherRows, rowGradient, rowLogits, rowSuccess, dropRows, type AttackLoss,
} from './attack-state.js';
import { normalizeDirection, sparseL1Direction } from './norms.js';
import { projectBallBox } from './projections.js';
import { attackLabels, boxBounds, checkInput, finishAttack, perSampleEps, throwIfAborted } from './result.js';
import { randomStart } from './samplers.js';
import type { AttackOptions, AttackResult, Norm } from './types.js';

/** Budgets used when `eps` is not given: the usual MNIST ones (Madry Linf 0.3, L2 2, L1 10). */
export const DEFAULT_EPS: Readonly<Record<Norm, number>> = Object.freeze({ linf: 0.3, l2: 2, l1: 10 });

export interface PgdOptions extends AttackOptions {
  /** @defaultValue 'linf' */
  norm?: Norm;
  /** @defaultValue {@link DEFAULT_EPS}[norm]: 0.3 (linf), 2 (l2), 10 (l1) */
  eps?: number | readonly number[];
  /** Gradient steps per restart. @defaultValue 40 (linf), 50 (l2, l1) */
  steps?: number;
  /** Absolute step size; overrides `relativeStepSize`. */
  stepSize?: number;
  /**
   * Step size as a fraction of each sample's eps. @defaultValue 0.01 / 0.3 (linf: Madry's MNIST
   * step 0.01 at eps 0.3), 0.025 (l2, l1)
   */
  relativeStepSize?: number;
  /** Start uniformly at random in the eps-ball (PGD) instead of at the input (BIM). @defaultValue true */
  randomStart?: boolean;
  /**
   * Stop updating a sample as soon as it succeeds (its first successful point is kept). When
   * false every sample runs all steps and the last successful point is kept. @defaultValue true
   */
  earlyStop?: boolean;
  /** Loss to ascend: cross-entropy or the logit margin. @defaultValue 'ce' */
  loss?: Extract<AttackLoss, 'ce' | 'margin'>;
  /** L1 only: the SLIDE step keeps the entries with |g| above this quantile. @defaultValue 0.99 */
  l1Quantile?: number;
}

/** Per-sample absolute step sizes from `stepSize` or `relativeStepSize` x eps. */
export function stepSizes(eps: Float32Array, stepSize: number | undefined, relative: number | undefined, fallback: number): Float64Array {
  if (stepSize !== undefined) {
    return new Float64Array(eps.length).fill(checkNumber('stepSize', stepSize, { above: 0 }));
  }
  const rel = checkNumber('relativeStepSize', relative ?? fallback, { above: 0 });
  return Float64Array.from(eps, (e) => rel * e);
}

/**
 * Untargeted (away from `target`, by default the predicted class) or targeted (towards `target`)
 * PGD: x <- clip_box(P_eps(x + step * dir(grad loss))), dir the sign (linf), g/||g||_2 (l2) or
 * the sparse SLIDE direction (l1). Restarts only re-attack the samples not yet fooled, so success
 * never drops with more restarts; every sample draws its random start from its own stream (see
 * `sampleStream`), so a batch gives the results of its samples attacked one by one.
 * Samples that never succeed are returned unchanged (`success` 0).
 * @example
 * import { pgd } from '@axplain/core';
 * import { LinearModel } from '@axplain/core/testing';
 * const model = new LinearModel([2], 2, Float32Array.of(1, 0, 0, 1));
 * const r = await pgd(model, { data: Float32Array.of(0.6, 0.4), shape: [1, 2] }, { eps: 0.15 });
 * r.success; // Uint8Array [1]: x' crossed x_1 = x_0 (the corner [0.45, 0.55] is 0.1 past it)
 */
export async function pgd(model: GradientModel, x: Tensor, options: PgdOptions = {}): Promise<AttackResult> {
  const n = checkInput(model, x);
  const norm = options.norm ?? 'linf';
  checkChoice('norm', norm, ['linf', 'l2', 'l1'], 'norm');
  const steps = checkInteger('steps', options.steps ?? (norm === 'linf' ? 40 : 50), { min: 0 });
  const restarts = checkInteger('restarts', options.restarts ?? 1, { min: 1 });
  const eps = perSampleEps(options.eps, n, DEFAULT_EPS[norm]);
  const step = stepSizes(eps, options.stepSize, options.relativeStepSize, norm === 'linf' ? 0.01 / 0.3 : 0.025);
  const { lo, hi } = boxBounds(options.box, x.shape);
  const targeted = options.targeted ?? false;
  const labels = await attackLabels(model, x, options);
  const loss = ascentLoss(options.loss ?? 'ce', targeted, labels);
  const earlyStop = options.earlyStop ?? true;
  const quantile = options.l1Quantile ?? 0.99;
  const d = x.data.length / Math.max(n, 1);
  const x0 = x.data;
  const best = new BestPoints(x0, n, d);
  const cur = new Float32Array(x0.length);

  for (let restart = 0; restart < restarts; restart++) {
    let active = best.open();
    if (active.length === 0) break;
    const start = options.randomStart ?? true
      ? randomStart(gatherRows(x0, active, d), active.length, Array.from(active, (r) => eps[r]!), norm, gatherRows(lo, active, d), gatherRows(hi, active, d), options.seed ?? 0, restart)
      : gatherRows(x0, active, d);
    active.forEach((r, k) => cur.set(start.subarray(k * d, (k + 1) * d), r * d));
    for (let s = 0; s <= steps && active.length > 0; s++) {
      throwIfAborted(options.signal);
      let xs = gatherRows(cur, active, d);
      let logits = await rowLogits(model, xs, active);
      const ok = rowSuccess(logits, active, labels, targeted);
      best.record(xs, active, ok);
      if (s === steps) break;
      if (earlyStop) ({ rows: active, xs, logits } = dropRows(active, ok, xs, logits, d));
      if (active.length === 0) break;
      const { grad } = await rowGradient(model, xs, active, logits, loss);
      const dir = norm === 'l1'
        ? sparseL1Direction(grad, xs, gatherRows(lo, active, d), gatherRows(hi, active, d), active.length, quantile)
        : normalizeDirection(grad, active.length, norm);
      active.forEach((r, k) => {
        best.iterations[r]!++;
        const a = r * d;
        // Plain loops: TypedArray.from with a map function is several times slower in V8.
        const cand = new Float64Array(d);
        for (let i = 0, o = k * d, sr = step[r]!; i < d; i++) cand[i] = xs[o + i]! + sr * dir[o + i]!;
        cur.set(projectBallBox(x0.subarray(a, a + d), cand, 1, [eps[r]!], norm, lo.subarray(a, a + d), hi.subarray(a, a + d)), a);
      });
      options.onStep?.({ step: s + 1, steps, restart });
    }
  }
  return finishAttack(model, x, { data: best.points, shape: [...x.shape] }, labels, targeted, best.iterations);
}

/**
 * The basic iterative method: PGD from the input itself (no random start) with Kurakin-style
 * defaults, 10 steps of 0.2 eps.
 * @example const r = await bim(model, x, { eps: 0.1 });
 */
export function bim(model: GradientModel, x: Tensor, options: PgdOptions = {}): Promise<AttackResult> {
  return pgd(model, x, { ...options, steps: options.steps ?? 10, relativeStepSize: options.relativeStepSize ?? 0.2, randomStart: options.randomStart ?? false });
}
