/**
 * Local Lipschitz estimate (Alvarez-Melis, Jaakkola, "On the Robustness of Interpretability
 * Methods", 2018): L(x) = max_j ||a(x + u_j) - a(x)||_2 / ||u_j||_2 over S Gaussian perturbations
 * u_j ~ N(0, std^2) per value (the paper maximises over a ball; sampling estimates it from below).
 * Quantus' `LocalLipschitzEstimate` defaults: nr_samples = 200, perturb_std = 0.1, perturb_mean = 0,
 * Euclidean numerator and denominator (-> samples 200, std 0.1, the defaults here). Lower is better.
 */
import { integerOption, numberOption, seedOption } from '@axplain/core';
import { metricResult } from '../aggregate.js';
import { l2 } from '../maps.js';
import { defineMetric } from '../metric.js';
import type { Explainer, MetricContext, MetricInput } from '../types.js';
import { addGaussian } from '../random.js';
import { comparePerturbed } from './perturbed-explanations.js';

export interface LocalLipschitzOptions { std: number; samples: number; seed: number }

export const localLipschitzMetric = defineMetric<'local-lipschitz', LocalLipschitzOptions, null>({
  name: 'local-lipschitz', category: 'robustness', better: 'lower', needs: ['model', 'explainer'],
  about: 'largest ratio of attribution change to input change under Gaussian noise',
  paper: { authors: 'Alvarez-Melis, Jaakkola', title: 'On the Robustness of Interpretability Methods', year: 2018 },
  options: {
    std: numberOption('std', 0.1, { above: 0 }, 'std of the Gaussian perturbation per value'),
    samples: integerOption('samples', 200, { min: 1 }, 'perturbations per sample'),
    seed: seedOption('seed of the perturbations'),
  },
  async run(input, o, context) {
    const values = await comparePerturbed(input, 'local-lipschitz', {
      samples: o.samples, seed: o.seed,
      perturb: (rng, v) => addGaussian(rng, v, o.std),
      compare: (a, b, x, xp) => l2(b, a) / l2(xp, x),
    }, context);
    return metricResult('local-lipschitz', Float64Array.from(values, (v) => v.reduce((m, q) => Math.max(m, q), -Infinity)), null);
  },
});

/**
 * Local Lipschitz estimate per sample.
 * @example const r = await localLipschitz({ model, x, explainer: registryExplainer('gradxinput') }, { samples: 50 });
 */
export const localLipschitz = (input: MetricInput & { explainer: Explainer | string }, o: Partial<LocalLipschitzOptions> = {}, context: MetricContext = {}) =>
  localLipschitzMetric.evaluate(input, o, context);
