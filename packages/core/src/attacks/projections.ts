/**
 * Projections onto Lp balls and the box, per sample of a flat batch. Perturbations are projected
 * in float64; the final point is rounded to float32 *towards the clean input*, so the returned
 * float32 tensor satisfies ||x' - x||_p <= eps and lo <= x' <= hi exactly (no rounding slack),
 * provided the clean input lies in the box.
 */
import type { Norm } from './types.js';

type Vec = Float32Array | Float64Array;

/** Linf ball (in place): clamps v[start:end] to [-eps, eps]. */
export function projectLinfBall(v: Vec, eps: number, start = 0, end = v.length): void {
  for (let i = start; i < end; i++) v[i] = Math.min(eps, Math.max(-eps, v[i]!));
}

/** L2 ball (in place): v * min(1, eps / ||v||_2). */
export function projectL2Ball(v: Vec, eps: number, start = 0, end = v.length): void {
  let s = 0;
  for (let i = start; i < end; i++) s += v[i]! * v[i]!;
  const len = Math.sqrt(s);
  if (len <= eps) return;
  const k = eps / len;
  for (let i = start; i < end; i++) v[i] = v[i]! * k;
}

/**
 * Exact Euclidean projection onto the L1 ball of radius eps (in place), Duchi et al. 2008: sort
 * |v| descending, find the largest rho with u_rho > (sum_{j<=rho} u_j - eps) / rho, shrink every
 * |v_i| by theta = (sum_{j<=rho} u_j - eps) / rho and clip at 0. O(d log d).
 * @example const v = Float64Array.of(3, -1); projectL1Ball(v, 1); // v = [1, 0]
 */
export function projectL1Ball(v: Vec, eps: number, start = 0, end = v.length): void {
  let l1 = 0;
  for (let i = start; i < end; i++) l1 += Math.abs(v[i]!);
  if (l1 <= eps) return;
  if (eps <= 0) { v.fill(0, start, end); return; }
  const u = new Float64Array(end - start);
  for (let i = start; i < end; i++) u[i - start] = Math.abs(v[i]!);
  u.sort().reverse();
  let cum = 0, theta = 0;
  for (let j = 0; j < u.length; j++) {
    cum += u[j]!;
    const t = (cum - eps) / (j + 1);
    if (u[j]! > t) theta = t;
    else break; // the condition holds for a prefix of the sorted list only
  }
  for (let i = start; i < end; i++) {
    const a = Math.abs(v[i]!) - theta;
    v[i] = a > 0 ? Math.sign(v[i]!) * a : 0;
  }
}

/** Projects every sample of a flat batch (n samples) onto its own ball, in place; returns v. */
export function projectBall<V extends Vec>(v: V, n: number, eps: ArrayLike<number>, norm: Norm): V {
  const d = n > 0 ? v.length / n : 0;
  const f = norm === 'linf' ? projectLinfBall : norm === 'l2' ? projectL2Ball : projectL1Ball;
  for (let s = 0; s < n; s++) f(v, eps[s]!, s * d, (s + 1) * d);
  return v;
}

/** Clips x to [lo, hi] elementwise, in place; returns x. */
export function clipBox<V extends Vec>(x: V, lo: ArrayLike<number>, hi: ArrayLike<number>): V {
  for (let i = 0; i < x.length; i++) x[i] = Math.min(hi[i]!, Math.max(lo[i]!, x[i]!));
  return x;
}

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);

/** The float32 neighbour of float32 value v one ulp in the direction of `toward`. */
function stepToward(v: number, toward: number): number {
  if (v === toward) return v;
  if (v === 0) { i32[0] = toward > 0 ? 1 : (0x80000001 | 0); return f32[0]!; }
  f32[0] = v;
  i32[0] = i32[0]! + ((v < toward) === (v > 0) ? 1 : -1);
  return f32[0]!;
}

/**
 * The float32 value nearest to t among those between x0 and t (x0 a float32 value): rounding
 * never moves a coordinate farther from x0 than t is, so no norm of the perturbation grows.
 * @example roundToward(0, 0.1) // 0.099999994 (Math.fround(0.1) is 0.10000000149)
 */
export function roundToward(x0: number, t: number): number {
  const v = Math.fround(t);
  return Math.abs(v - x0) > Math.abs(t - x0) ? stepToward(v, x0) : v;
}

/**
 * The attack iterate: the candidate point x (any precision, n samples) is mapped to x0 + P(x - x0)
 * with P the projection onto each sample's eps-ball, then clipped to the box [lo, hi], then
 * rounded to float32 towards x0. Returns a new Float32Array.
 *
 * Ball and box are applied one after the other, as the reference implementations do: for Linf
 * this is the exact projection onto the intersection (clipping is separable); for L2 and L1 it is
 * not the exact projection onto ball ∩ box, but the result lies in both, because x0 is in the box
 * and box clipping only moves coordinates towards x0 (|delta_i| never grows).
 * @example
 * const x0 = Float32Array.of(0.5, 0.5);
 * projectBallBox(x0, Float64Array.of(1.5, 0.5), 1, [0.3], 'l1', new Float32Array(2), new Float32Array(2).fill(1)); // [0.8, 0.5]
 */
export function projectBallBox(
  x0: Float32Array, x: ArrayLike<number>, n: number, eps: ArrayLike<number>, norm: Norm, lo: ArrayLike<number>, hi: ArrayLike<number>,
): Float32Array<ArrayBuffer> {
  const delta = new Float64Array(x0.length);
  for (let i = 0; i < delta.length; i++) delta[i] = x[i]! - x0[i]!;
  projectBall(delta, n, eps, norm);
  const out = new Float32Array(x0.length);
  for (let i = 0; i < out.length; i++) {
    const t = Math.min(hi[i]!, Math.max(lo[i]!, x0[i]! + delta[i]!));
    out[i] = roundToward(x0[i]!, t);
  }
  return out;
}
