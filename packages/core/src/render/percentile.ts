/**
 * Percentiles with linear interpolation between order statistics (numpy's default method):
 * the p-th percentile of n sorted values sits at rank p / 100 * (n - 1).
 */

/**
 * The p-th percentile (0-100) of `values`.
 * @example percentile([1, 2, 3, 4, 5], 50) // 3
 * @example percentile([0, 10], 25) // 2.5
 */
export function percentile(values: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`p: must be a percentile in [0, 100], got ${p}`);
  const n = values.length;
  if (n === 0) throw new RangeError('values: the percentile of no values is undefined');
  const sorted = Float64Array.from(values).sort();
  if (Number.isNaN(sorted[n - 1]!)) throw new RangeError('values: contain NaN');
  const rank = (p / 100) * (n - 1), lo = Math.floor(rank), hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (rank - lo) * (sorted[hi]! - sorted[lo]!);
}
