/**
 * Completeness gap (Sundararajan, Taly, Yan, "Axiomatic Attribution for Deep Networks", 2017):
 * Integrated Gradients' completeness axiom says sum_i a_i = f_y(x) - f_y(baseline); the gap
 *   delta = sum_i a_i - (f_y(x) - f_y(baseline))
 * measures how far any attribution is from it (for IG: the quadrature error). Per-sample value
 * |delta| (lower is better); the signed gaps are in `detail.gap`. Captum's
 * `compute_convergence_delta` of IG with a constant baseline.
 */
import type { Tensor } from '@axplain/core';
import { metricResult } from '../aggregate.js';
import { buildRows, Progress, scoreRows } from '../batch.js';
import { attributionOf, modelBatch } from '../input.js';
import { defineMetric } from '../metric.js';
import type { MetricContext, MetricInput } from '../types.js';
import { baselineOption, scoreOption, type ContinuousScore } from './options.js';

export interface CompletenessOptions { baseline: number; score: ContinuousScore }

export const completenessMetric = defineMetric<'completeness', CompletenessOptions, { gap: Float64Array }>({
  name: 'completeness', category: 'faithfulness', better: 'lower', needs: ['model', 'attribution'],
  about: '|sum of the attribution - (f(x) - f(baseline))|: the IG completeness gap',
  paper: { authors: 'Sundararajan, Taly, Yan', title: 'Axiomatic Attribution for Deep Networks', year: 2017 },
  options: { baseline: baselineOption, score: scoreOption('logit') },
  async run(input, o, context) {
    const { model, x, n, d, targets } = await modelBatch(input, 'completeness', context);
    const { a } = attributionOf(input, 'completeness');
    // Rows 0..N-1: x; rows N..2N-1: the constant baseline.
    const build = buildRows(x, d, (r) => r % n, (r, v) => { if (r >= n) v.fill(o.baseline); });
    const f = await scoreRows(model, 2 * n, build, (r) => targets[r % n]!, o.score, context, new Progress(context, 2 * n));
    const gap = Float64Array.from({ length: n }, (_, s) => {
      let sum = 0;
      for (let i = 0; i < d; i++) sum += a.data[s * d + i]!;
      return sum - (f[s]! - f[n + s]!);
    });
    return metricResult('completeness', gap.map(Math.abs), { gap });
  },
});

/**
 * |completeness gap| per sample (signed gaps in `detail.gap`).
 * @example const { attribution } = await integratedGradients(model, x, { steps: 64 }); (await completeness({ model, x, attribution })).mean
 */
export const completeness = (input: MetricInput & { attribution: Tensor }, o: Partial<CompletenessOptions> = {}, context: MetricContext = {}) =>
  completenessMetric.evaluate(input, o, context);
