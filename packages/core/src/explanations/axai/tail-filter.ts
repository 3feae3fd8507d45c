/**
 * AXAI's filter of attack magnitudes (delta = x' - x): per channel, keep the values in the
 * lower alpha% and upper (100 - alpha)% tails and zero the middle band, then sum over channels.
 */
import { featureOffset, type MapDims } from './layout.js';
import { quantileSorted } from '../../stats/index.js';

export interface TailFilterOptions {
  /** Tail size in percent, 0..50: values below the alpha-th or above the (100 - alpha)-th percentile are kept. @defaultValue 15 */
  alpha?: number;
  /** Percentiles per channel (the paper's image filter) or over all values of the sample. @defaultValue true */
  perChannel?: boolean;
}

export interface TailFilter {
  /** H x W map: the sum over channels of the kept values (0 where none is kept). */
  filtered: Float32Array;
  /** One flag per value of the sample (its own layout): 1 in a tail. */
  kept: Uint8Array;
  /** alpha-th percentile per channel (one entry when not `perChannel`). */
  lower: Float64Array;
  /** (100 - alpha)-th percentile per channel. */
  upper: Float64Array;
}

/** Validates alpha in [0, 50]. */
export function checkAlpha(alpha: number, name = 'alpha'): number {
  if (typeof alpha !== 'number' || !(alpha >= 0 && alpha <= 50)) throw new RangeError(`${name}: must be a percentage in [0, 50], got ${alpha}`);
  return alpha;
}

/**
 * Tail filter of one sample's delta. A value is kept when strictly below the lower or strictly
 * above the upper percentile (numpy-linear percentiles), so alpha = 0 keeps nothing and an
 * all-zero delta (no attack) keeps nothing; ties on a threshold are dropped.
 * @example
 * // one channel, 1 x 10 map of 1..10, alpha 15: percentiles 2.35 and 8.65
 * const f = alphaTailFilter(Float32Array.from({ length: 10 }, (_, i) => i + 1), mapDims([10]), { alpha: 15 });
 * f.filtered; // [1, 2, 0, 0, 0, 0, 0, 0, 9, 10]
 */
export function alphaTailFilter(delta: ArrayLike<number>, dims: MapDims, options: TailFilterOptions = {}): TailFilter {
  const alpha = checkAlpha(options.alpha ?? 15);
  const perChannel = options.perChannel ?? true;
  const { channels: c } = dims;
  const hw = dims.height * dims.width;
  if (delta.length !== c * hw) throw new RangeError(`delta: has ${delta.length} values, a sample of ${c} x ${dims.height} x ${dims.width} needs ${c * hw}`);
  const groups = perChannel ? c : 1;
  const lower = new Float64Array(groups), upper = new Float64Array(groups);
  for (let g = 0; g < groups; g++) {
    const vals = perChannel ? Float64Array.from({ length: hw }, (_, i) => delta[featureOffset(dims, g, i)]!) : Float64Array.from(delta);
    vals.sort();
    lower[g] = quantileSorted(vals, alpha);
    upper[g] = quantileSorted(vals, 100 - alpha);
  }
  const kept = new Uint8Array(c * hw);
  const filtered = new Float32Array(hw);
  for (let k = 0; k < c; k++) {
    const g = perChannel ? k : 0;
    for (let i = 0; i < hw; i++) {
      const o = featureOffset(dims, k, i), v = delta[o]!;
      if (v < lower[g]! || v > upper[g]!) { kept[o] = 1; filtered[i]! += v; }
    }
  }
  return { filtered, kept, lower, upper };
}
