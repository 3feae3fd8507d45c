/**
 * Explanation infidelity (Yeh, Hsieh, Suggala, Inouye, Ravikumar, "On the (In)fidelity and
 * Sensitivity of Explanations", 2019), as Captum's `infidelity` computes it:
 *   INFD(a, f, x) = mean_j ( I_j . a - (f_y(x) - f_y(x - I_j)) )^2
 * over S perturbations I_j; with `normalize` the attribution is first scaled by the least-squares
 * beta = mean(I.a * drop) / mean((I.a)^2) (Captum's normalize=True). Captum's defaults:
 * n_perturb_samples = 10, normalize = False; Captum takes the perturbation as a function, here
 * one of two: 'gaussian' I ~ N(0, noise^2) per value, x - I the perturbed input (the
 * perturbation of Captum's documented example, std 0.003); or 'subset': a random half of the
 * features set to the baseline, x - m (x - baseline) with m_i ~ Bernoulli(1/2), and I = m, as
 * Captum's `infidelity_perturb_func_decorator(multiply_by_inputs=True)` derives it (I =
 * (x - perturbed) / (x - baseline)) for attributions that already multiply by the input
 * (gradient x input, IG). Lower is better; 0 when a . I reproduces every score change.
 */
import { choiceOption, integerOption, numberOption, type Tensor, seedOption } from '@axplain/core';
import { metricResult } from '../aggregate.js';
import { buildRows, Progress, scoreRows } from '../batch.js';
import { attributionOf, modelBatch } from '../input.js';
import { defineMetric } from '../metric.js';
import { drawRng, fillGaussian, sampleKeys } from '../random.js';
import type { MetricContext, MetricInput } from '../types.js';
import { baselineOption, scoreOption, type ContinuousScore } from './options.js';

export type InfidelityPerturbation = 'gaussian' | 'subset';
export interface InfidelityOptions {
  perturbation: InfidelityPerturbation; noise: number; samples: number; normalize: 'no' | 'yes'; baseline: number; score: ContinuousScore; seed: number;
}

export const infidelityMetric = defineMetric<'infidelity', InfidelityOptions, null>({
  name: 'infidelity', category: 'faithfulness', better: 'lower', needs: ['model', 'attribution'],
  about: 'mean squared error of the attribution predicting the score change under random perturbations',
  paper: { authors: 'Yeh, Hsieh, Suggala, Inouye, Ravikumar', title: 'On the (In)fidelity and Sensitivity of Explanations', year: 2019 },
  options: {
    perturbation: choiceOption('perturbation', 'gaussian', ['gaussian', 'subset'], 'Gaussian noise, or a random half of the features set to the baseline'),
    noise: numberOption('noise', 0.003, { above: 0 }, 'standard deviation of the Gaussian perturbation'),
    samples: integerOption('samples', 10, { min: 1 }, 'perturbations per sample (Captum: n_perturb_samples)'),
    normalize: choiceOption('normalize', 'no', ['no', 'yes'], "scale the attribution by the least-squares beta (Captum's normalize)"),
    baseline: baselineOption, score: scoreOption('logit'),
    seed: seedOption('seed of the perturbations'),
  },
  async run(input, o, context) {
    const { model, x, n, d, targets } = await modelBatch(input, 'infidelity', context);
    const { a } = attributionOf(input, 'infidelity');
    const s1 = o.samples + 1;
    // Row s * (S + 1) is x itself; row s * (S + 1) + j is x - I_j. I_j . a is taken while the row is built.
    const ia = new Float64Array(n * s1);
    const noise = new Float32Array(d), keys = sampleKeys(x.data, n, d);
    const build = buildRows(x, d, (r) => Math.floor(r / s1), (r, v) => {
      if (r % s1 === 0) return;
      const rng = drawRng(o.seed, keys[Math.floor(r / s1)]!, r % s1), a0 = Math.floor(r / s1) * d;
      let dot = 0;
      if (o.perturbation === 'gaussian') {
        fillGaussian(rng, noise, o.noise);
        for (let i = 0; i < d; i++) { v[i]! -= noise[i]!; dot += noise[i]! * a.data[a0 + i]!; }
      } else {
        for (let i = 0; i < d; i++) if (rng.next() < 0.5) { v[i] = o.baseline; dot += a.data[a0 + i]!; }
      }
      ia[r] = dot;
    });
    const f = await scoreRows(model, n * s1, build, (r) => targets[Math.floor(r / s1)]!, o.score, context, new Progress(context, n * s1));
    const perSample = Float64Array.from({ length: n }, (_, s) => {
      const p = ia.subarray(s * s1 + 1, (s + 1) * s1), drop = Float64Array.from({ length: o.samples }, (_, j) => f[s * s1]! - f[s * s1 + 1 + j]!);
      let beta = 1;
      if (o.normalize === 'yes') {
        let num = 0, den = 0;
        for (let j = 0; j < o.samples; j++) { num += p[j]! * drop[j]!; den += p[j]! * p[j]!; }
        beta = den > 0 ? num / den : 0;
      }
      let err = 0;
      for (let j = 0; j < o.samples; j++) err += (beta * p[j]! - drop[j]!) ** 2;
      return err / o.samples;
    });
    return metricResult('infidelity', perSample, null);
  },
});

/**
 * Infidelity per sample.
 * @example const r = await infidelity({ model, x, attribution }, { samples: 10, noise: 0.003 }); // Captum's defaults
 */
export const infidelity = (input: MetricInput & { attribution: Tensor }, o: Partial<InfidelityOptions> = {}, context: MetricContext = {}) =>
  infidelityMetric.evaluate(input, o, context);
