/** Per-sample values to a metric result: mean over the finite values and a seeded bootstrap 95% CI. */
import { bootstrap } from '@axplain/core';
import type { MetricAggregate, MetricResult } from './types.js';

/**
 * Mean and 95% percentile-bootstrap interval (1000 resamples, seed 0) of the finite values;
 * NaNs (undefined per-sample values) are left out and counted out of `n`.
 * @example aggregate([1, 2, 3, NaN]).n // 3
 */
export function aggregate(values: ArrayLike<number>): MetricAggregate {
  const finite = Array.from(values).filter(Number.isFinite);
  if (finite.length === 0) return { mean: NaN, ci95: [NaN, NaN], n: 0 };
  const b = bootstrap(finite, { seed: 0, confidence: 0.95 });
  return { mean: b.estimate, ci95: [b.low, b.high], n: finite.length };
}

/** A metric's result from its per-sample values and detail. */
export function metricResult<E>(metric: string, perSample: Float64Array, detail: E): MetricResult<E> {
  return { metric, perSample, ...aggregate(perSample), detail };
}
