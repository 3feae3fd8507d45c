/**
 * Faithfulness correlation (Bhatt, Weller, Moura, "Evaluating and Aggregating Feature-based
 * Model Explanations", 2020): for S random subsets T_j of `subsetSize` input values,
 *   mu_F = pearson_j( sum_{i in T_j} a_i ,  f_y(x) - f_y(x with T_j set to the baseline) ).
 * 1 when the attribution predicts exactly what removing features costs (gradient x input on a
 * linear model with a zero baseline). Quantus' `FaithfulnessCorrelation`: subset_size = 224,
 * nr_runs = 100, perturb_baseline 'black' (0), similarity_func = Pearson.
 */
import { integerOption, type Tensor, seedOption } from '@axplain/core';
import { metricResult } from '../aggregate.js';
import { buildRows, Progress, scoreRows } from '../batch.js';
import { attributionOf, modelBatch } from '../input.js';
import { pearson } from '../maps.js';
import { defineMetric } from '../metric.js';
import { drawRng, randomSubset, sampleKeys } from '../random.js';
import type { MetricContext, MetricInput } from '../types.js';
import { baselineOption, scoreOption, type ContinuousScore } from './options.js';

export interface FaithfulnessCorrelationOptions { subsetSize: number; samples: number; baseline: number; score: ContinuousScore; seed: number }

export const faithfulnessCorrelationMetric = defineMetric<'faithfulness-correlation', FaithfulnessCorrelationOptions, null>({
  name: 'faithfulness-correlation', category: 'faithfulness', better: 'higher', needs: ['model', 'attribution'],
  about: 'Pearson correlation of attribution sums and score drops over random feature subsets',
  paper: { authors: 'Bhatt, Weller, Moura', title: 'Evaluating and Aggregating Feature-based Model Explanations', year: 2020 },
  options: {
    subsetSize: integerOption('subsetSize', 224, { min: 1 }, 'features per random subset (capped at the input size)'),
    samples: integerOption('samples', 100, { min: 2 }, 'random subsets per sample'),
    baseline: baselineOption, score: scoreOption('logit'),
    seed: seedOption('seed of the subsets'),
  },
  async run(input, o, context) {
    const { model, x, n, d, targets } = await modelBatch(input, 'faithfulness-correlation', context);
    const { a } = attributionOf(input, 'faithfulness-correlation');
    const k = Math.min(o.subsetSize, d), s1 = o.samples + 1;
    // Row s * (S + 1) is x itself; row s * (S + 1) + j removes subset j of sample s, whose attribution sum is taken as it is built.
    const sums = new Float64Array(n * s1), keys = sampleKeys(x.data, n, d);
    const build = buildRows(x, d, (r) => Math.floor(r / s1), (r, v) => {
      if (r % s1 === 0) return;
      const a0 = Math.floor(r / s1) * d;
      for (const i of randomSubset(drawRng(o.seed, keys[Math.floor(r / s1)]!, r % s1), d, k)) { v[i] = o.baseline; sums[r]! += a.data[a0 + i]!; }
    });
    const f = await scoreRows(model, n * s1, build, (r) => targets[Math.floor(r / s1)]!, o.score, context, new Progress(context, n * s1));
    const perSample = Float64Array.from({ length: n }, (_, s) =>
      pearson(sums.subarray(s * s1 + 1, (s + 1) * s1), Float64Array.from({ length: o.samples }, (_, j) => f[s * s1]! - f[s * s1 + 1 + j]!)));
    return metricResult('faithfulness-correlation', perSample, null);
  },
});

/**
 * Faithfulness correlation per sample (NaN where the sums or the drops are constant).
 * @example const r = await faithfulnessCorrelation({ model, x, attribution }, { subsetSize: 32, samples: 50, seed: 0 });
 */
export const faithfulnessCorrelation = (input: MetricInput & { attribution: Tensor }, o: Partial<FaithfulnessCorrelationOptions> = {}, context: MetricContext = {}) =>
  faithfulnessCorrelationMetric.evaluate(input, o, context);
