/**
 * Rank stability of an attribution under input noise (Ghorbani, Abid, Zou, "Interpretation of
 * Neural Networks is Fragile", 2019), the stability measures of Chalasani et al. (2020): for S
 * Gaussian perturbations x + u_j, u_j ~ N(0, std^2) per value,
 *   top-k intersection: |top_k |a(x)| ∩ top_k |a(x + u_j)|| / k,
 *   rank correlation:   Spearman(|a(x)|, |a(x + u_j)|)  (average ranks for ties),
 * each averaged over j. 1: the ranking does not move; higher is better.
 */
import { integerOption, numberOption, type OptionSpecs, seedOption } from '@axplain/core';
import { metricResult } from '../aggregate.js';
import { absolute, order, spearman } from '../maps.js';
import { defineMetric } from '../metric.js';
import type { Explainer, MetricContext, MetricInput } from '../types.js';
import { addGaussian } from '../random.js';
import { comparePerturbed } from './perturbed-explanations.js';

export interface RankStabilityOptions { std: number; samples: number; k: number; seed: number }

const PAPER = { authors: 'Ghorbani, Abid, Zou', title: 'Interpretation of Neural Networks is Fragile', year: 2019 };
const options: OptionSpecs<RankStabilityOptions> = {
  std: numberOption('std', 0.05, { above: 0 }, 'std of the Gaussian perturbation per value'),
  samples: integerOption('samples', 10, { min: 1 }, 'perturbations per sample'),
  k: integerOption('k', 100, { min: 1 }, 'top features compared (capped at the input size)'),
  seed: seedOption('seed of the perturbations'),
};

/** |top-k(a) ∩ top-k(b)| / k by |value|. */
export function topKIntersection(a: ArrayLike<number>, b: ArrayLike<number>, k: number): number {
  const kk = Math.min(k, a.length);
  const inA = new Uint8Array(a.length);
  const ta = order(absolute(a), 'desc'), tb = order(absolute(b), 'desc');
  for (let i = 0; i < kk; i++) inA[ta[i]!] = 1;
  let hits = 0;
  for (let i = 0; i < kk; i++) hits += inA[tb[i]!]!;
  return hits / kk;
}

const mean = (v: Float64Array) => v.reduce((s, x) => s + x, 0) / v.length;

/** A rank-stability metric comparing the two maps with `compare`, averaged over the perturbations. */
function rankMetric<N extends string>(name: N, about: string, compare: (a: Float32Array, b: Float32Array, o: RankStabilityOptions) => number) {
  return defineMetric<N, RankStabilityOptions, null>({
    name, about, category: 'robustness', better: 'higher', paper: PAPER, needs: ['model', 'explainer'], options,
    async run(input, o, context) {
      const v = await comparePerturbed(input, name, {
        samples: o.samples, seed: o.seed, perturb: (rng, x) => addGaussian(rng, x, o.std),
        compare: (a, b) => compare(a, b, o),
      }, context);
      return metricResult(name, Float64Array.from(v, mean), null);
    },
  });
}

export const topKIntersectionMetric = rankMetric('topk-intersection', 'share of the top-k features kept under input noise', (a, b, o) => topKIntersection(a, b, o.k));
export const rankCorrelationMetric = rankMetric('rank-correlation', 'Spearman correlation of |attribution| before and after input noise', (a, b) => spearman(absolute(a), absolute(b)));

/**
 * Mean top-k intersection per sample.
 * @example const r = await topKIntersectionStability({ model, x, explainer: registryExplainer('saliency') }, { k: 50 });
 */
export const topKIntersectionStability = (input: MetricInput & { explainer: Explainer | string }, o: Partial<RankStabilityOptions> = {}, context: MetricContext = {}) =>
  topKIntersectionMetric.evaluate(input, o, context);

/**
 * Mean Spearman rank correlation per sample.
 * @example const r = await rankCorrelationStability({ model, x, explainer }, { std: 0.05 });
 */
export const rankCorrelationStability = (input: MetricInput & { explainer: Explainer | string }, o: Partial<RankStabilityOptions> = {}, context: MetricContext = {}) =>
  rankCorrelationMetric.evaluate(input, o, context);
