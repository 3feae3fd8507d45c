/**
 * The statistics the AXAI paper reports about attack magnitudes (delta = x' - x), one set per
 * sample over all its values: histogram, mean, median, quantiles, Fisher-Pearson skewness and a
 * beta fit (Fig. 1b, Fig. 2, Tables 2 and 3).
 */
import { sampleSize, type Tensor } from '../../tensor.js';
import { fitBeta, type BetaFit } from './beta-fit.js';
import { histogram, mean, quantileSorted, skewness, type Histogram } from '../../stats/index.js';

export interface AttackDiagnosticsOptions {
  /** Histogram bins. @defaultValue 50 */
  bins?: number;
  /** Histogram range. @defaultValue each sample's [min, max] */
  histogramRange?: readonly [number, number];
  /** Percentiles to report (0..100). @defaultValue [15, 25, 75, 85] (the paper's Table 2) */
  percentiles?: readonly number[];
  /** Interval mapped to (0, 1) for the beta fit. @defaultValue see `BetaFitOptions.range` */
  betaRange?: readonly [number, number];
}

export interface AttackDiagnostics {
  histogram: Histogram;
  mean: number;
  median: number;
  /** Fisher-Pearson g1 (biased moments); NaN for an all-equal delta (no attack). */
  skewness: number;
  /** The requested percentiles and their values. */
  percentiles: readonly number[];
  quantiles: Float64Array;
  beta: BetaFit;
}

/**
 * Attack-magnitude statistics of every sample of a delta batch (e.g. `axai(...).delta`).
 * @example
 * const [s] = attackDiagnostics(result.delta);
 * s.skewness; // the paper finds |g1| < 0.5 for almost every image
 */
export function attackDiagnostics(delta: Tensor, options: AttackDiagnosticsOptions = {}): AttackDiagnostics[] {
  const n = delta.shape[0] ?? 1;
  const d = sampleSize(delta);
  const percentiles = [...(options.percentiles ?? [15, 25, 75, 85])];
  return Array.from({ length: n }, (_, s) => {
    const v = delta.data.subarray(s * d, (s + 1) * d);
    const sorted = Float64Array.from(v).sort();
    return {
      histogram: histogram(v, { bins: options.bins, range: options.histogramRange }),
      mean: mean(v),
      median: quantileSorted(sorted, 50),
      skewness: skewness(v),
      percentiles,
      quantiles: Float64Array.from(percentiles, (p) => quantileSorted(sorted, p)),
      beta: fitBeta(v, { range: options.betaRange }),
    };
  });
}
