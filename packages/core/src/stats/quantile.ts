/**
 * Order statistics with linear interpolation between neighbours (numpy's default method): the
 * p-th percentile of n sorted values sits at rank p / 100 * (n - 1). Computed in float64.
 */
import { isNumberIn } from '../validate.js';
import { checkFinite } from './check-values.js';

function checkPercentile(p: number): void {
  if (!isNumberIn(p, { min: 0, max: 100 })) throw new RangeError(`p: must be a percentile in [0, 100], got ${p}`);
}

/**
 * The p-th percentile (0..100) of values already sorted ascending.
 * @example quantileSorted([1, 2, 3, 4], 50) // 2.5
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  checkPercentile(p);
  const n = sorted.length;
  if (n === 0) throw new RangeError('sorted: the percentile of no values is undefined');
  const rank = (p / 100) * (n - 1), lo = Math.floor(rank), hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (rank - lo) * (sorted[hi]! - sorted[lo]!);
}

/** A float64 copy of `values`, sorted ascending (NaN last). */
export const sortedCopy = (values: ArrayLike<number>): Float64Array => Float64Array.from(values).sort();

/**
 * The p-th percentile (0..100) of `values` (any order; infinities allowed, NaN rejected).
 * @example percentile([1, 2, 3, 4, 5], 50) // 3
 * @example percentile([0, 10], 25) // 2.5
 */
export function percentile(values: ArrayLike<number>, p: number): number {
  checkPercentile(p);
  if (values.length === 0) throw new RangeError('values: the percentile of no values is undefined');
  const sorted = sortedCopy(values);
  if (Number.isNaN(sorted[sorted.length - 1]!)) throw new RangeError('values: contain NaN');
  return quantileSorted(sorted, p);
}

/**
 * Several percentiles (0..100) of finite `values`, sorting once.
 * @example quantiles([4, 1, 3, 2], [0, 50, 100]) // Float64Array [1, 2.5, 4]
 */
export function quantiles(values: ArrayLike<number>, ps: readonly number[]): Float64Array {
  checkFinite(values, 'values');
  const sorted = sortedCopy(values);
  return Float64Array.from(ps, (p) => quantileSorted(sorted, p));
}

/**
 * The median: the middle value, or the mean of the two middle values for an even count
 * (numpy's `median`); null for no values.
 * @example median([3, 1, 2]) // 2
 * @example median([4, 1, 3, 2]) // 2.5
 */
export function median(values: ArrayLike<number>): number | null {
  if (values.length === 0) return null;
  return percentile(values, 50);
}
