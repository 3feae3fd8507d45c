/**
 * Beta distribution fit of attack magnitudes (the AXAI paper's Table 3), by the method of
 * moments on the values rescaled to (0, 1).
 */
import { extent, mean } from '../../stats/index.js';

export interface BetaFitOptions {
  /**
   * The interval mapped to (0, 1): u = (v - lo) / (hi - lo). Give it when the support is known
   * (e.g. [0, 1], or [-eps, eps] for attack magnitudes). @defaultValue the sample range widened
   * by (max - min) / (n - 1) on each side (the unbiased end-point estimate for a uniform
   * sample), so no value sits on 0 or 1. Estimates depend on this choice: a support much wider
   * than the data gives larger p and q.
   */
  range?: readonly [number, number];
}

export interface BetaFit {
  /** First shape parameter (the paper's p; scipy's a). NaN when the moments admit no beta. */
  p: number;
  /** Second shape parameter (the paper's q; scipy's b). */
  q: number;
  /** The interval mapped to (0, 1). */
  lo: number;
  hi: number;
  /** Mean of the rescaled values. */
  mean: number;
  /** Sample variance (n - 1) of the rescaled values. */
  variance: number;
}

/**
 * Method-of-moments beta fit: with m and v the mean and sample variance of the rescaled values,
 * c = m (1 - m) / v - 1, p = m c, q = (1 - m) c. p and q are NaN when v = 0 or
 * v >= m (1 - m) (no beta has those moments).
 * @example
 * fitBeta([0.2, 0.4, 0.6, 0.8], { range: [0, 1] }) // m 0.5, v 1/15: p = q = 1.375
 */
export function fitBeta(values: ArrayLike<number>, options: BetaFitOptions = {}): BetaFit {
  const n = values.length;
  if (n < 2) throw new RangeError(`values: a beta fit needs at least 2 values, got ${n}`);
  const [min, max] = extent(values);
  let lo: number, hi: number;
  if (options.range) {
    [lo, hi] = options.range;
    if (!(hi > lo)) throw new RangeError(`range: must be [lo, hi] with hi > lo, got [${lo}, ${hi}]`);
    if (min < lo || max > hi) throw new RangeError(`range: values span [${min}, ${max}], outside the given [${lo}, ${hi}]`);
  } else {
    const pad = (max - min) / (n - 1);
    [lo, hi] = [min - pad, max + pad];
  }
  if (hi === lo) return { p: NaN, q: NaN, lo, hi, mean: NaN, variance: 0 };
  const u = Float64Array.from(values, (v) => (v - lo) / (hi - lo));
  const m = mean(u);
  let v = 0;
  for (const x of u) v += (x - m) ** 2;
  v /= n - 1;
  const c = v > 0 ? (m * (1 - m)) / v - 1 : NaN;
  const ok = c > 0;
  return { p: ok ? m * c : NaN, q: ok ? (1 - m) * c : NaN, lo, hi, mean: m, variance: v };
}
