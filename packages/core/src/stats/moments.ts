/** Moments and range of a sample, in float64. */
import { checkFinite } from './check-values.js';

/** [min, max] of finite values (a loop: spreading a large array into Math.min overflows the stack). */
export function extent(values: ArrayLike<number>): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < values.length; i++) { lo = Math.min(lo, values[i]!); hi = Math.max(hi, values[i]!); }
  return [lo, hi];
}

/** Arithmetic mean (float64). @example mean([1, 2, 6]) // 3 */
export function mean(values: ArrayLike<number>): number {
  checkFinite(values, 'values');
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return s / values.length;
}
