/**
 * Per-sample vector norms and steepest-ascent directions of a flat batch (n samples of d values
 * each, row-major). Computed in float64.
 */
import { checkNumber } from '../validate.js';
import type { Norm } from './types.js';

/**
 * ||v[start:end]||_p for p = 'linf' | 'l2' | 'l1'.
 * @example lpNorm(Float32Array.of(3, -4), 'l2') // 5
 */
export function lpNorm(v: ArrayLike<number>, norm: Norm, start = 0, end = v.length): number {
  let acc = 0;
  if (norm === 'linf') {
    for (let i = start; i < end; i++) acc = Math.max(acc, Math.abs(v[i]!));
    return acc;
  }
  if (norm === 'l1') {
    for (let i = start; i < end; i++) acc += Math.abs(v[i]!);
    return acc;
  }
  for (let i = start; i < end; i++) acc += v[i]! * v[i]!;
  return Math.sqrt(acc);
}

/**
 * One norm per sample of a flat batch of `n` samples.
 * @example sampleNorms(Float32Array.of(1, 1, 0, -2), 2, 'l1') // Float64Array [2, 2]
 */
export function sampleNorms(v: ArrayLike<number>, n: number, norm: Norm): Float64Array<ArrayBuffer> {
  const d = n > 0 ? v.length / n : 0;
  return Float64Array.from({ length: n }, (_, s) => lpNorm(v, norm, s * d, (s + 1) * d));
}

/** The dual norm: linf <-> l1, l2 <-> l2 (|<g, v>| <= ||g||_dual ||v||). */
export function dualNorm(norm: Norm): Norm {
  return norm === 'linf' ? 'l1' : norm === 'l1' ? 'linf' : 'l2';
}

/**
 * Normalised gradient direction per sample, the PGD step direction: linf sign(g), l2 g/||g||_2,
 * l1 g/||g||_1 (the dense L1 step; see {@link sparseL1Direction} for the sparse one). A zero
 * gradient gives a zero direction (never NaN).
 * @example normalizeDirection(Float32Array.of(3, -4), 1, 'l2') // Float64Array [0.6, -0.8]
 */
export function normalizeDirection(g: ArrayLike<number>, n: number, norm: Norm): Float64Array<ArrayBuffer> {
  const out = new Float64Array(g.length);
  const d = n > 0 ? g.length / n : 0;
  for (let s = 0; s < n; s++) {
    const a = s * d, b = a + d;
    if (norm === 'linf') {
      for (let i = a; i < b; i++) out[i] = Math.sign(g[i]!);
      continue;
    }
    const len = lpNorm(g, norm, a, b);
    if (!(len > 0)) continue;
    for (let i = a; i < b; i++) out[i] = g[i]! / len;
  }
  return out;
}

/**
 * The sparse L1 ascent step of SLIDE (Tramer & Boneh 2019), per sample: entries whose move would
 * push against the box (g > 0 at the upper bound, g < 0 at the lower one) are dropped; of the rest,
 * the entries with |g| at or above the `quantile` of |g| are kept; direction = sign(g) mask / count,
 * so ||direction||_1 = 1. A sample with no usable entry gets a zero direction.
 *
 * @param g ascent gradient (already sign-flipped for targeted attacks), n samples x d values
 * @param x current points (to know which entries sit on the box)
 * @param quantile fraction of entries to drop by |g|; 0.99 keeps the top 1%. @defaultValue 0.99
 * @example sparseL1Direction(Float32Array.of(1, -5, 2, 0.5), Float32Array.of(.5, .5, .5, .5), new Float32Array(4), new Float32Array(4).fill(1), 1, 0.75) // [0, -1, 0, 0]
 */
export function sparseL1Direction(
  g: ArrayLike<number>, x: ArrayLike<number>, lo: ArrayLike<number>, hi: ArrayLike<number>, n: number, quantile = 0.99,
): Float64Array<ArrayBuffer> {
  checkNumber('quantile', quantile, { min: 0, below: 1 });
  const out = new Float64Array(g.length);
  const d = n > 0 ? g.length / n : 0;
  const abs = new Float64Array(d);
  for (let s = 0; s < n; s++) {
    const a = s * d;
    for (let i = 0; i < d; i++) {
      const v = g[a + i]!;
      const blocked = (v > 0 && x[a + i]! >= hi[a + i]!) || (v < 0 && x[a + i]! <= lo[a + i]!);
      abs[i] = blocked ? 0 : Math.abs(v);
    }
    // Nearest-rank quantile of |g| over the whole sample (blocked entries count as 0).
    const sorted = Float64Array.from(abs).sort();
    const threshold = sorted[Math.min(d - 1, Math.floor(quantile * d))]!;
    let count = 0;
    for (let i = 0; i < d; i++) if (abs[i]! > 0 && abs[i]! >= threshold) count++;
    if (count === 0) continue;
    for (let i = 0; i < d; i++) if (abs[i]! > 0 && abs[i]! >= threshold) out[a + i] = Math.sign(g[a + i]!) / count;
  }
  return out;
}
