/**
 * AutoPGD (Croce & Hein 2020): PGD with momentum and a step size that adapts itself at
 * checkpoints, with the cross-entropy, DLR or targeted-DLR (APGD-T) loss.
 */
import type { GradientModel } from '../gradient-model.js';
import { predictions } from '../targets.js';
import type { Tensor } from '../tensor.js';
import { checkChoice, checkInteger, checkNumber } from '../validate.js';
import { ascentLoss, BestPoints, dropRows, gatherRows, rowGradient, rowLogits, rowSuccess, type AscentLoss } from './attack-state.js';
import { normalizeDirection, sparseL1Direction } from './norms.js';
import { DEFAULT_EPS, stepSizes } from './pgd.js';
import { projectBallBox } from './projections.js';
import { attackLabels, boxBounds, checkInput, finishAttack, perSampleEps, throwIfAborted } from './result.js';
import { randomStart } from './samplers.js';
import type { AttackOptions, AttackResult, Norm } from './types.js';

export interface ApgdOptions extends AttackOptions {
  /** @defaultValue 'linf' */
  norm?: Norm;
  /** @defaultValue {@link DEFAULT_EPS}[norm]: 0.3 (linf), 2 (l2), 10 (l1) */
  eps?: number | readonly number[];
  /** Iterations per run (the standard budget). @defaultValue 100 */
  steps?: number;
  /**
   * `'ce'` APGD-CE; `'dlr'` APGD-DLR (needs >= 3 classes; towards `target` when `targeted`:
   * targeted DLR, >= 4 classes); `'dlr-targeted'` APGD-T: untargeted goal, one run of targeted DLR
   * towards each of the `targetClasses` top-ranked other classes of the clean input.
   * @defaultValue 'ce'
   */
  loss?: 'ce' | 'dlr' | 'dlr-targeted';
  /** APGD-T: how many clean runner-up classes to try (ranks 2, 3, ...). @defaultValue 9 */
  targetClasses?: number;
  /** Initial step eta_0, absolute; overrides `relativeStepSize`. */
  stepSize?: number;
  /** Initial step eta_0 as a fraction of eps. @defaultValue 2 (linf, l2), 1 (l1) */
  relativeStepSize?: number;
  /** Weight of the new step against the previous one. @defaultValue 0.75 */
  momentum?: number;
  /** Halve the step if the loss rose in at most this fraction of the steps since the last checkpoint. @defaultValue 0.75 */
  rho?: number;
  /** Start uniformly at random in the eps-ball. @defaultValue true */
  randomStart?: boolean;
  /** Stop updating a sample once it succeeds (its first successful point is kept). @defaultValue true */
  earlyStop?: boolean;
  /** L1 only: the sparse step keeps the entries with |g| above this quantile. @defaultValue 0.99 */
  l1Quantile?: number;
}

/**
 * Checkpoints of an N-iteration run: the first after floor(0.22 N) iterations, then intervals
 * shrinking by floor(0.03 N) down to floor(0.06 N) (each at least 1). Returned as iteration counts.
 * @example apgdCheckpoints(100) // [22, 41, 57, 70, 80, 87, 93, 99]
 */
export function apgdCheckpoints(steps: number): number[] {
  const out: number[] = [];
  const dec = Math.max(Math.floor(0.03 * steps), 1);
  const min = Math.max(Math.floor(0.06 * steps), 1);
  let h = Math.max(Math.floor(0.22 * steps), 1);
  for (let at = h; at <= steps; h = Math.max(h - dec, min), at += h) out.push(at);
  return out;
}

interface Run { loss: AscentLoss; seedOffset: number }

/**
 * AutoPGD. Step: z = P(x + eta dir(grad)), x+ = P(x + a (z - x) + (1 - a)(x - x_prev)) with
 * a = `momentum` (the first step is plain). At each checkpoint a sample halves its eta and
 * restarts from its highest-loss point x_max when the loss rose in at most `rho` of the steps
 * since the last checkpoint, or when eta was not halved last time and the best loss has not
 * improved. Every sample keeps its own eta and schedule state, so batches equal single samples.
 * @example
 * import { apgd } from '@axplain/core';
 * const r = await apgd(model, x, { eps: 0.3, loss: 'dlr' }); // needs >= 3 classes
 */
export async function apgd(model: GradientModel, x: Tensor, options: ApgdOptions = {}): Promise<AttackResult> {
  const n = checkInput(model, x);
  const norm = options.norm ?? 'linf';
  checkChoice('norm', norm, ['linf', 'l2', 'l1'], 'norm');
  const steps = checkInteger('steps', options.steps ?? 100, { min: 1 });
  const restarts = checkInteger('restarts', options.restarts ?? 1, { min: 1 });
  const eps = perSampleEps(options.eps, n, DEFAULT_EPS[norm]);
  const eta0 = stepSizes(eps, options.stepSize, options.relativeStepSize, norm === 'l1' ? 1 : 2);
  const alpha = checkNumber('momentum', options.momentum ?? 0.75, { above: 0, max: 1 });
  const rho = checkNumber('rho', options.rho ?? 0.75, { min: 0, max: 1 });
  const { lo, hi } = boxBounds(options.box, x.shape);
  const targeted = options.targeted ?? false;
  const kind = options.loss ?? 'ce';
  checkChoice('loss', kind, ['ce', 'dlr', 'dlr-targeted'], 'loss');
  if (kind === 'dlr-targeted' && targeted) throw new RangeError("loss: 'dlr-targeted' (APGD-T) chooses its own targets and is untargeted; use loss 'dlr' with targeted: true to reach a given class");
  const labels = await attackLabels(model, x, options);
  const clean = await model.logits(x);
  const cleanPred = predictions(clean);
  const all = Array.from({ length: n }, (_, i) => i);

  const runs: Run[] = [];
  if (kind === 'dlr-targeted') {
    const count = Math.min(checkInteger('targetClasses', options.targetClasses ?? 9, { min: 1 }), model.classes - 1);
    const c = model.classes;
    const ranked = all.map((i) => Array.from({ length: c }, (_, k) => k)
      .filter((k) => k !== labels[i])
      .sort((a, b) => clean.data[i * c + b]! - clean.data[i * c + a]! || a - b));
    for (let j = 0; j < count; j++)
      runs.push({ loss: ascentLoss('dlr', true, Int32Array.from(ranked, (r) => r[j]!), labels), seedOffset: j * restarts });
  } else {
    runs.push({ loss: ascentLoss(kind, targeted, labels, kind === 'dlr' && targeted ? cleanPred : undefined), seedOffset: 0 });
  }
  // DLR refuses too few classes here, before any work (the loss' own error).
  for (const run of runs) run.loss(clean, all);

  const d = x.data.length / Math.max(n, 1);
  const x0 = x.data;
  const best = new BestPoints(x0, n, d);
  const checkpoints = apgdCheckpoints(steps);
  const ctx: Ctx = { model, x0, d, n, eps, lo, hi, norm, alpha, rho, steps, checkpoints, labels, targeted, best, options, quantile: options.l1Quantile ?? 0.99 };
  let total = 0;
  for (const run of runs)
    for (let r = 0; r < restarts; r++) {
      if (best.open().length === 0) break;
      await runApgd(ctx, run.loss, eta0, run.seedOffset + r, total++);
    }
  return finishAttack(model, x, { data: best.points, shape: [...x.shape] }, labels, targeted, best.iterations);
}

interface Ctx {
  model: GradientModel; x0: Float32Array; d: number; n: number; eps: Float32Array; lo: Float32Array; hi: Float32Array;
  norm: Norm; alpha: number; rho: number; steps: number; checkpoints: number[]; labels: Int32Array; targeted: boolean;
  best: BestPoints; options: ApgdOptions; quantile: number;
}

/** One APGD run over the samples not yet fooled. */
async function runApgd(ctx: Ctx, loss: AscentLoss, eta0: Float64Array, stream: number, restart: number): Promise<void> {
  const { model, x0, d, n, eps, lo, hi, norm, alpha, rho, steps, labels, targeted, best, options } = ctx;
  let active = best.open();
  const cur = new Float32Array(n * d), prev = new Float32Array(n * d), xmax = new Float32Array(n * d);
  const grad = new Float32Array(n * d), gradBest = new Float32Array(n * d);
  const eta = Float64Array.from(eta0);
  const fmax = new Float64Array(n), fmaxLast = new Float64Array(n), lossPrev = new Float64Array(n);
  const rises = new Int32Array(n), reducedLast = new Uint8Array(n);
  const row = (r: number) => [r * d, (r + 1) * d] as const;

  const start = options.randomStart ?? true
    ? randomStart(gatherRows(x0, active, d), active.length, Array.from(active, (r) => eps[r]!), norm, gatherRows(lo, active, d), gatherRows(hi, active, d), options.seed ?? 0, stream)
    : gatherRows(x0, active, d);
  active.forEach((r, k) => cur.set(start.subarray(k * d, (k + 1) * d), r * d));

  let nextCheck = 0, lastCheckAt = 0;
  for (let it = 0; it <= steps && active.length > 0; it++) {
    throwIfAborted(options.signal);
    // Evaluate the current points: success, then (unless this is the last) loss and gradient.
    let xs = gatherRows(cur, active, d);
    let logits = await rowLogits(model, xs, active);
    const ok = rowSuccess(logits, active, labels, targeted);
    best.record(xs, active, ok);
    if (options.earlyStop ?? true) ({ rows: active, xs, logits } = dropRows(active, ok, xs, logits, d));
    if (it === steps || active.length === 0) break;
    const g = await rowGradient(model, xs, active, logits, loss);
    active.forEach((r, k) => {
      best.iterations[r]!++;
      const [a, b] = row(r);
      const v = g.value[k]!;
      grad.set(g.grad.subarray(k * d, (k + 1) * d), a);
      if (it === 0) {
        fmax[r] = fmaxLast[r] = lossPrev[r] = v;
        xmax.set(cur.subarray(a, b), a);
        gradBest.set(grad.subarray(a, b), a);
        return;
      }
      if (v > lossPrev[r]!) rises[r]!++;
      lossPrev[r] = v;
      if (v > fmax[r]!) {
        fmax[r] = v;
        xmax.set(cur.subarray(a, b), a);
        gradBest.set(grad.subarray(a, b), a);
      }
    });
    // Checkpoint after `it` iterations: halve eta and return to x_max where progress stalled.
    if (it > 0 && it === ctx.checkpoints[nextCheck]) {
      const interval = it - lastCheckAt;
      for (const r of active) {
        const oscillating = rises[r]! <= rho * interval;
        const stalled = !reducedLast[r] && fmaxLast[r]! >= fmax[r]!;
        const reduce = oscillating || stalled;
        reducedLast[r] = reduce ? 1 : 0;
        fmaxLast[r] = fmax[r]!;
        rises[r] = 0;
        if (!reduce) continue;
        const [a, b] = row(r);
        eta[r] = eta[r]! / 2;
        cur.set(xmax.subarray(a, b), a);
        prev.set(xmax.subarray(a, b), a);
        grad.set(gradBest.subarray(a, b), a);
        lossPrev[r] = fmax[r]!;
      }
      lastCheckAt = it;
      nextCheck++;
    }
    // The momentum step from the current points.
    const gs = gatherRows(grad, active, d);
    const xsNow = gatherRows(cur, active, d);
    const dir = norm === 'l1'
      ? sparseL1Direction(gs, xsNow, gatherRows(lo, active, d), gatherRows(hi, active, d), active.length, ctx.quantile)
      : normalizeDirection(gs, active.length, norm);
    active.forEach((r, k) => {
      const [a, b] = row(r);
      const xr = xsNow.subarray(k * d, (k + 1) * d);
      const ball = (c: Float64Array) => projectBallBox(x0.subarray(a, b), c, 1, [eps[r]!], norm, lo.subarray(a, b), hi.subarray(a, b));
      // Plain loops: TypedArray.from with a map function is several times slower in V8.
      const zc = new Float64Array(d);
      for (let i = 0, o = k * d, er = eta[r]!; i < d; i++) zc[i] = xr[i]! + er * dir[o + i]!;
      const z = ball(zc);
      let next = z;
      if (it !== 0) {
        const nc = new Float64Array(d);
        for (let i = 0; i < d; i++) { const v = xr[i]!; nc[i] = v + alpha * (z[i]! - v) + (1 - alpha) * (v - prev[a + i]!); }
        next = ball(nc);
      }
      prev.set(xr, a);
      cur.set(next, a);
    });
    options.onStep?.({ step: it + 1, steps, restart });
  }
}
