/**
 * Max- and average-sensitivity (Yeh, Hsieh, Suggala, Inouye, Ravikumar, "On the (In)fidelity and
 * Sensitivity of Explanations", 2019): for S perturbations u_j ~ U[-r, r] per value,
 *   SENS_MAX = max_j ||a(x + u_j) - a(x)||_2 / ||a(x)||_2,   SENS_AVG = mean_j (same),
 * the denominator left out with `denominator: 'none'` (and taken as 1 for a zero map, as Captum
 * does). Captum's `sensitivity_max` defaults: perturb_radius = 0.02, n_perturb_samples = 10,
 * norm_ord 'fro' (-> radius 0.02, samples 10, the defaults here); Quantus' `MaxSensitivity` /
 * `AvgSensitivity` defaults: lower_bound = 0.2 (uniform noise in [-0.2, 0.2]), nr_samples = 200,
 * Frobenius numerator and denominator (-> radius 0.2, samples 200). Lower is better.
 */
import { choiceOption, integerOption, numberOption, type OptionSpecs, seedOption } from '@axplain/core';
import { metricResult } from '../aggregate.js';
import { l2 } from '../maps.js';
import { defineMetric } from '../metric.js';
import type { Explainer, MetricContext, MetricInput } from '../types.js';
import { comparePerturbed } from './perturbed-explanations.js';

export interface SensitivityOptions { radius: number; samples: number; denominator: 'attribution' | 'none'; seed: number }

const PAPER = { authors: 'Yeh, Hsieh, Suggala, Inouye, Ravikumar', title: 'On the (In)fidelity and Sensitivity of Explanations', year: 2019 };
const options: OptionSpecs<SensitivityOptions> = {
  radius: numberOption('radius', 0.02, { above: 0 }, 'half-width of the uniform noise per value (Captum 0.02, Quantus 0.2)'),
  samples: integerOption('samples', 10, { min: 1 }, 'perturbations per sample (Captum 10, Quantus 200)'),
  denominator: choiceOption('denominator', 'attribution', ['attribution', 'none'], 'divide by the norm of the original attribution'),
  seed: seedOption('seed of the perturbations'),
};

function sensitivity(name: string, reduce: (v: Float64Array) => number) {
  return async (input: MetricInput, o: SensitivityOptions, context: MetricContext) => {
    const values = await comparePerturbed(input, name, {
      samples: o.samples, seed: o.seed,
      perturb: (rng, v) => { for (let i = 0; i < v.length; i++) v[i]! += rng.uniform(-o.radius, o.radius); },
      compare: (a, b) => l2(b, a) / (o.denominator === 'attribution' ? l2(a) || 1 : 1),
    }, context);
    return metricResult(name, Float64Array.from(values, reduce), null);
  };
}

export const maxSensitivityMetric = defineMetric<'max-sensitivity', SensitivityOptions, null>({
  name: 'max-sensitivity', category: 'robustness', better: 'lower', paper: PAPER, needs: ['model', 'explainer'], options,
  about: 'largest relative change of the attribution under uniform noise of radius r',
  run: sensitivity('max-sensitivity', (v) => v.reduce((m, x) => Math.max(m, x), -Infinity)),
});

export const avgSensitivityMetric = defineMetric<'avg-sensitivity', SensitivityOptions, null>({
  name: 'avg-sensitivity', category: 'robustness', better: 'lower', paper: PAPER, needs: ['model', 'explainer'], options,
  about: 'mean relative change of the attribution under uniform noise of radius r',
  run: sensitivity('avg-sensitivity', (v) => v.reduce((s, x) => s + x, 0) / v.length),
});

/**
 * Max-sensitivity per sample (Captum's defaults: radius 0.02, 10 samples).
 * @example const r = await maxSensitivity({ model, x, explainer: registryExplainer('saliency') });
 */
export const maxSensitivity = (input: MetricInput & { explainer: Explainer | string }, o: Partial<SensitivityOptions> = {}, context: MetricContext = {}) =>
  maxSensitivityMetric.evaluate(input, o, context);

/**
 * Average sensitivity per sample.
 * @example const r = await avgSensitivity({ model, x, explainer }, { radius: 0.2, samples: 200 }); // Quantus' defaults
 */
export const avgSensitivity = (input: MetricInput & { explainer: Explainer | string }, o: Partial<SensitivityOptions> = {}, context: MetricContext = {}) =>
  avgSensitivityMetric.evaluate(input, o, context);
