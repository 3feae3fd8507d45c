/**
 * Percentile bootstrap confidence intervals (Efron, "Bootstrap Methods: Another Look at the
 * Jackknife", 1979): resample the values with replacement, recompute the statistic, and read the
 * interval from the resampled statistics' percentiles. Seeded, so a rerun gives the same interval.
 */
import { Rng } from '../rng.js';
import { checkInteger, checkNumber } from '../validate.js';
import { checkFinite } from './check-values.js';
import { mean } from './moments.js';
import { percentile } from './quantile.js';

export interface BootstrapOptions {
  /** Number of resamples. @defaultValue 1000 */
  resamples?: number;
  /** Coverage of the interval, in (0, 1). @defaultValue 0.95 */
  confidence?: number;
  /** Seed of the resampling. @defaultValue 0 */
  seed?: number;
}

export interface BootstrapInterval {
  /** The statistic on the sample itself. */
  estimate: number;
  /** Lower and upper ends of the percentile interval. */
  low: number;
  high: number;
  resamples: number;
  confidence: number;
}

/**
 * Confidence interval of `statistic` (default: the mean) of finite `values`.
 * @example bootstrap([1, 2, 3, 4, 5], { seed: 1 }) // { estimate: 3, low ≈ 1.8, high ≈ 4.2, ... }
 */
export function bootstrap(
  values: ArrayLike<number>,
  options: BootstrapOptions = {},
  statistic: (sample: Float64Array) => number = mean,
): BootstrapInterval {
  checkFinite(values, 'values');
  const resamples = checkInteger('resamples', options.resamples ?? 1000, { min: 1 });
  const confidence = checkNumber('confidence', options.confidence ?? 0.95, { above: 0, below: 1 });
  const rng = new Rng(checkInteger('seed', options.seed ?? 0));
  const n = values.length, sample = new Float64Array(n), stats = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) sample[i] = values[Math.floor(rng.next() * n)]!;
    stats[r] = statistic(sample);
  }
  const tail = ((1 - confidence) / 2) * 100;
  return {
    estimate: statistic(Float64Array.from(values)), low: percentile(stats, tail), high: percentile(stats, 100 - tail), resamples, confidence,
  };
}
