/** A complexity metric: one number per attribution map, no model call. */
import { type Paper } from '@axplain/core';
import { metricResult } from '../aggregate.js';
import { attributionOf } from '../input.js';
import { defineMetric, type MetricDescriptor } from '../metric.js';
import type { MetricInput, MetricResult } from '../types.js';

/** The descriptor of a metric computed by `value` on each sample's map (flattened over every axis). */
export function mapMetric<N extends string>(
  about: { name: N; about: string; paper: Paper; better: 'higher' | 'lower' }, value: (map: Float32Array) => number,
): MetricDescriptor<N, Record<string, never>, null> {
  return defineMetric<N, Record<string, never>, null>({
    ...about, category: 'complexity', needs: ['attribution'], options: {},
    async run(input) {
      const { a, n, d } = attributionOf(input, about.name);
      return metricResult(about.name, Float64Array.from({ length: n }, (_, s) => value(a.data.subarray(s * d, (s + 1) * d))), null);
    },
  });
}

/** The metric's function form: `fn({ attribution })`. */
export const mapMetricFunction = (m: MetricDescriptor<string, Record<string, never>, null>) =>
  (input: MetricInput): Promise<MetricResult<null>> => m.evaluate(input);
