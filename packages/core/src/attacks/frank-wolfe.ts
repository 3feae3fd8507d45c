/**
 * Frank-Wolfe perturbations (Roberts & Tsiligkaridis 2021): projection-free ascent of the
 * cross-entropy over a convex set, by linear maximisation oracles (LMOs). The k-sparse polytope
 * ("L1-q") gives controllably sparse perturbations.
 */
import type { GradientModel } from '../gradient-model.js';
import { crossEntropy } from '../losses/cross-entropy.js';
import { Rng } from '../rng.js';
import { argmaxRow } from '../targets.js';
import type { Tensor } from '../tensor.js';
import { checkChoice, checkInteger, checkNumber } from '../validate.js';
import { projectBallBox } from './projections.js';
import { attackLabels, boxBounds, checkInput, finishAttack, perSampleEps, throwIfAborted } from './result.js';
import type { AttackOptions, AttackResult, Norm } from './types.js';

export type FrankWolfeSet = Norm | 'k-sparse';

export interface FrankWolfeOptions extends Omit<AttackOptions, 'norm'> {
  /**
   * The feasible set: the eps-ball of 'linf', 'l2' or 'l1', or 'k-sparse', the convex hull of
   * the k-sparse vectors with every entry in [-eps/k, eps/k] (= L1 ball of radius eps
   * intersected with the Linf ball of radius eps/k). @defaultValue 'linf'
   */
  norm?: FrankWolfeSet;
  /**
   * Budget. @defaultValue 0.03 for linf, 1 for l2, 10 for l1 and k-sparse
   */
  eps?: number | readonly number[];
  /** @defaultValue 20 */
  steps?: number;
  /** Sparsity q of the k-sparse set: k = max(1, floor((1 - q) d)). @defaultValue 0.995 */
  sparsity?: number;
  /** Nonzeros per vertex of the k-sparse set; overrides `sparsity`. */
  k?: number;
  /**
   * Jitter q by U(-j, j) at every step (one draw per step for the whole batch, from `seed`), as
   * the authors optionally do. @defaultValue 0
   */
  sparsityJitter?: number;
  /** Freeze a sample at its first successful iterate instead of running all steps. @defaultValue false */
  earlyStop?: boolean;
}

export interface FrankWolfeResult extends AttackResult {
  /** Nonzeros per vertex (k) of the k-sparse set at the last step; 0 for the other sets. */
  k: number;
}

const DEFAULT_EPS: Record<FrankWolfeSet, number> = { linf: 0.03, l2: 1, l1: 10, 'k-sparse': 10 };

/**
 * Fractional-knapsack LMO, exact for {|s_i| <= min(cap, room_i), sum |s_i| <= budget}: fill the
 * coordinates by decreasing |g_i| up to the budget. room_i is the distance to the box in the
 * direction of sign(g_i). Writes s[off:off+d].
 */
function greedyLmo(g: Float32Array, off: number, d: number, room: (i: number, up: boolean) => number, cap: number, budget: number, s: Float64Array): void {
  if (budget === Infinity) {
    for (let i = 0; i < d; i++) { const v = g[off + i]!; s[off + i] = v === 0 ? 0 : Math.sign(v) * Math.min(cap, room(off + i, v > 0)); }
    return;
  }
  const idx: number[] = [];
  for (let i = 0; i < d; i++) { s[off + i] = 0; if (g[off + i] !== 0) idx.push(i); }
  idx.sort((p, q) => Math.abs(g[off + q]!) - Math.abs(g[off + p]!) || p - q);
  let left = budget;
  for (const i of idx) {
    if (!(left > 0)) break;
    const v = g[off + i]!;
    const u = Math.min(cap, room(off + i, v > 0), left);
    s[off + i] = Math.sign(v) * u;
    left -= u;
  }
}

/**
 * Exact LMO over {||s||_2 <= eps} intersected with the box: s(lambda) = clip(lambda g, -down, up)
 * has a norm increasing in lambda; bisect lambda so that ||s||_2 = eps (or take the box corner
 * when even that stays inside the ball).
 */
function l2Lmo(g: Float32Array, off: number, d: number, room: (i: number, up: boolean) => number, eps: number, s: Float64Array): void {
  const at = (lam: number): number => {
    let acc = 0;
    for (let i = 0; i < d; i++) {
      const v = g[off + i]!;
      const u = v === 0 ? 0 : Math.sign(v) * Math.min(Math.abs(lam * v), room(off + i, v > 0));
      s[off + i] = u;
      acc += u * u;
    }
    return Math.sqrt(acc);
  };
  let gn = 0;
  for (let i = 0; i < d; i++) gn += g[off + i]! ** 2;
  if (!(gn > 0) || eps === 0) { s.fill(0, off, off + d); return; }
  let lo = 0, hi = eps / Math.sqrt(gn);
  for (let t = 0; t < 200 && at(hi) < eps; t++) {
    const before = at(hi);
    lo = hi; hi *= 2;
    if (at(hi) === before) return; // every coordinate sits on the box: the corner is the maximiser
  }
  for (let t = 0; t < 60; t++) {
    const mid = (lo + hi) / 2;
    if (at(mid) <= eps) lo = mid; else hi = mid;
  }
  at(lo);
}

/**
 * Frank-Wolfe attack. With delta_0 = 0 and gamma_k = 2 / (k + 2): g = grad of the loss to ascend
 * (CE to the label when untargeted, -CE to the target when targeted), s = LMO(g) over the set
 * intersected with the box, delta <- gamma s + (1 - gamma) delta. Every iterate is a convex
 * combination of feasible points, so it stays in the set and the box without any projection.
 * The LMOs are exact over set ∩ box: linf clip(eps sign g) to the box; l1 and k-sparse a
 * greedy fill by |g_i| with per-coordinate cap min(eps/k, room to the box) (l1: k = 1) up to a
 * total of eps (when the box binds, a vertex can have more than k nonzeros: the budget moves on
 * to the next coordinates); l2 a bisection on clip(lambda g). Returns per sample the last
 * successful iterate (the clean input where none succeeded). Each step costs one `logits` and one
 * `vjp` call.
 * @example
 * import { frankWolfe } from '@axplain/core';
 * import { LinearModel } from '@axplain/core/testing';
 * const model = new LinearModel([4], 2, Float32Array.of(1, 1, 1, 1, 0, 0, 0, 0), Float32Array.of(0, 1.9));
 * const x = { data: Float32Array.of(0.5, 0.5, 0.5, 0.5), shape: [1, 4] };
 * const r = await frankWolfe(model, x, { norm: 'k-sparse', k: 1, eps: 0.4, steps: 10 });
 * r.adversarial.data; // ~[0.1, 0.5, 0.5, 0.5]: one coordinate moved by eps / k = 0.4
 */
export async function frankWolfe(model: GradientModel, x: Tensor, options: FrankWolfeOptions = {}): Promise<FrankWolfeResult> {
  const n = checkInput(model, x);
  const set = options.norm ?? 'linf';
  checkChoice('norm', set, ['linf', 'l2', 'l1', 'k-sparse'], 'set');
  const eps = perSampleEps(options.eps, n, DEFAULT_EPS[set]);
  const steps = checkInteger('steps', options.steps ?? 20, { min: 0 });
  const q = checkNumber('sparsity', options.sparsity ?? 0.995, { min: 0, below: 1 });
  if (options.k !== undefined) checkInteger('k', options.k, { min: 1 });
  const jitter = checkNumber('sparsityJitter', options.sparsityJitter ?? 0, { min: 0 });
  const targeted = options.targeted ?? false;
  const labels = await attackLabels(model, x, { target: options.target, targeted });
  const d = x.data.length / n;
  const { lo, hi } = boxBounds(options.box, x.shape);
  const room = (j: number, up: boolean): number => Math.max(0, up ? hi[j]! - x.data[j]! : x.data[j]! - lo[j]!);
  const rng = new Rng(options.seed ?? 0);
  // + 1e-9: (1 - 0.9) * 50 is 4.999... in floating point
  const kOf = (qq: number): number => Math.min(d, options.k ?? Math.max(1, Math.floor((1 - qq) * d + 1e-9)));

  const delta = new Float64Array(n * d);
  const s = new Float64Array(n * d);
  let cur = Float32Array.from(x.data);
  const best = Float32Array.from(x.data);
  const running = new Uint8Array(n).fill(1);
  const iterations = new Int32Array(n);
  let kLast = set === 'k-sparse' ? kOf(q) : 0;
  for (let step = 0; step <= steps; step++) {
    throwIfAborted(options.signal);
    const act: number[] = [];
    for (let i = 0; i < n; i++) if (running[i]) act.push(i);
    if (act.length === 0) break;
    const rows = new Float32Array(act.length * d);
    act.forEach((i, r) => rows.set(cur.subarray(i * d, (i + 1) * d), r * d));
    const shape = [act.length, ...model.inputShape];
    const z = await model.logits({ data: rows, shape });
    act.forEach((i, r) => {
      const pred = argmaxRow(z, r);
      if (targeted ? pred === labels[i] : pred !== labels[i]) {
        best.set(rows.subarray(r * d, (r + 1) * d), i * d);
        if (options.earlyStop) running[i] = 0;
      }
    });
    if (step === steps) break;
    const ce = crossEntropy(z, Int32Array.from(act, (i) => labels[i]!));
    if (targeted) for (let j = 0; j < ce.cotangent.data.length; j++) ce.cotangent.data[j] = -ce.cotangent.data[j]!;
    const g = (await model.vjp({ data: rows, shape }, ce.cotangent)).grad.data;
    const qStep = jitter > 0 ? Math.min(1 - 1e-9, Math.max(0, q + rng.uniform(-jitter, jitter))) : q;
    if (set === 'k-sparse') kLast = kOf(qStep);
    const gammaK = 2 / (step + 2);
    const full = new Float32Array(n * d);
    act.forEach((i, r) => full.set(g.subarray(r * d, (r + 1) * d), i * d));
    for (const i of act) {
      if (!running[i]) continue;
      iterations[i]!++;
      const off = i * d;
      if (set === 'linf') greedyLmo(full, off, d, room, eps[i]!, Infinity, s);
      else if (set === 'l1') greedyLmo(full, off, d, room, eps[i]!, eps[i]!, s);
      else if (set === 'k-sparse') greedyLmo(full, off, d, room, eps[i]! / kLast, eps[i]!, s);
      else l2Lmo(full, off, d, room, eps[i]!, s);
      for (let j = off; j < off + d; j++) delta[j] = gammaK * s[j]! + (1 - gammaK) * delta[j]!;
    }
    // Float32 rounding towards x (and a ball/box guard against float64 round-off): the iterate is
    // feasible by construction; projectBallBox only removes the last ulps.
    const ball: Norm = set === 'k-sparse' ? 'l1' : set;
    const next = projectBallBox(x.data, Float64Array.from(delta, (v, j) => x.data[j]! + v), n, eps, ball, lo, hi);
    for (let i = 0; i < n; i++) if (!running[i]) next.set(cur.subarray(i * d, (i + 1) * d), i * d);
    cur = next;
    options.onStep?.({ step: step + 1, steps });
  }
  const result = await finishAttack(model, x, { data: best, shape: [...x.shape] }, labels, targeted, iterations);
  return { ...result, k: kLast };
}
