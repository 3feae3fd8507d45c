/**
 * Shape statistics of attack magnitudes, as the AXAI paper reports them: histograms and the
 * Fisher-Pearson coefficient of skewness (quantiles and moments beside it). Float64.
 */
import { checkInteger } from '../validate.js';
import { checkFinite } from './check-values.js';
import { extent, mean } from './moments.js';

export interface SkewnessOptions {
  /**
   * false: the Fisher-Pearson coefficient g1 = m3 / m2^(3/2) with biased central moments
   * (scipy's `skew` default, the paper's statistic); true: the sample-size-adjusted
   * G1 = g1 sqrt(n (n - 1)) / (n - 2). @defaultValue false
   */
  adjusted?: boolean;
}

/**
 * Fisher-Pearson coefficient of skewness; NaN when the values are all equal (undefined).
 * @example skewness([1, 2, 3, 10]) // 1.0182...  (m2 = 12.5, m3 = 45)
 */
export function skewness(values: ArrayLike<number>, options: SkewnessOptions = {}): number {
  const n = values.length;
  const mu = mean(values);
  let m2 = 0, m3 = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i]! - mu;
    m2 += d * d;
    m3 += d * d * d;
  }
  m2 /= n;
  m3 /= n;
  if (!(m2 > 0)) return NaN;
  const g1 = m3 / m2 ** 1.5;
  if (!options.adjusted) return g1;
  if (n < 3) throw new RangeError(`values: the adjusted skewness needs at least 3 values, got ${n}`);
  return (g1 * Math.sqrt(n * (n - 1))) / (n - 2);
}

export interface HistogramOptions {
  /** Number of equal-width bins. @defaultValue 50 */
  bins?: number;
  /** [lo, hi] covered by the bins; values outside are not counted. @defaultValue [min, max] of the values */
  range?: readonly [number, number];
}

export interface Histogram {
  /** bins + 1 bin edges, ascending. */
  edges: Float64Array;
  /** Values per bin: bin i is [edges[i], edges[i + 1]), the last bin also holds hi. */
  counts: Int32Array;
}

/**
 * Equal-width histogram (numpy's `histogram` conventions; an all-equal sample spans
 * [v - 0.5, v + 0.5]).
 * @example histogram([0, 0.5, 1, 1, 2], { bins: 4 }).counts // Int32Array [1, 1, 2, 1]
 */
export function histogram(values: ArrayLike<number>, options: HistogramOptions = {}): Histogram {
  checkFinite(values, 'values');
  const bins = checkInteger('bins', options.bins ?? 50, { min: 1 });
  let [lo, hi] = options.range ?? extent(values);
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi >= lo)) throw new RangeError(`range: must be finite [lo, hi] with hi >= lo, got [${lo}, ${hi}]`);
  if (hi === lo) { lo -= 0.5; hi += 0.5; }
  const edges = Float64Array.from({ length: bins + 1 }, (_, i) => lo + ((hi - lo) * i) / bins);
  edges[bins] = hi;
  const counts = new Int32Array(bins);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < lo || v > hi) continue;
    counts[Math.min(bins - 1, Math.floor(((v - lo) / (hi - lo)) * bins))]!++;
  }
  return { edges, counts };
}
