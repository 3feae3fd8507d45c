/**
 * Random logit test (Sixt, Granz, Landgraf, "When Explanations Lie: Why Many Modified BP
 * Attributions Fail", 2020): explain each sample for its class y and for a class y' != y drawn
 * uniformly (seeded), and compare the two maps by the Spearman rank correlation of |a|. A
 * class-sensitive explanation gives a low value; one that ignores the class gives 1. Quantus'
 * `RandomLogit` compares with SSIM by default (similarity_func); Spearman is used here (no image
 * structure needed). Lower is better.
 */
import { type Tensor, seedOption } from '@axplain/core';
import { metricResult } from '../aggregate.js';
import { Progress } from '../batch.js';
import { explainerIn, MetricInputError, modelBatch } from '../input.js';
import { absolute, spearman } from '../maps.js';
import { defineMetric } from '../metric.js';
import { drawRng, sampleKeys } from '../random.js';
import type { Explainer, MetricContext, MetricInput } from '../types.js';
import { explainAll } from './explain-all.js';

export interface RandomLogitOptions { seed: number }

export const randomLogitMetric = defineMetric<'random-logit', RandomLogitOptions, { otherClass: Int32Array }>({
  name: 'random-logit', category: 'randomisation', better: 'lower', needs: ['model', 'explainer'],
  about: 'rank correlation of |attribution| for the class and for a random other class',
  paper: { authors: 'Sixt, Granz, Landgraf', title: 'When Explanations Lie: Why Many Modified BP Attributions Fail', year: 2020 },
  options: { seed: seedOption('seed of the other classes') },
  async run(input, o, context) {
    const { model, x, n, d, targets } = await modelBatch(input, 'random-logit', context);
    const explainer = explainerIn(input, 'random-logit');
    if (model.classes < 2) throw new MetricInputError('random-logit', 'model', 'needs a model with at least 2 classes');
    const keys = sampleKeys(x.data, n, d);
    const other = Int32Array.from(targets, (y, s) => (y + 1 + Math.floor(drawRng(o.seed, keys[s]!, 0).next() * (model.classes - 1))) % model.classes);
    const progress = new Progress(context, 2 * n);
    const a = await explainAll(explainer, model, x, d, targets, context, progress);
    const b = await explainAll(explainer, model, x, d, other, context, progress);
    const perSample = Float64Array.from({ length: n }, (_, s) => spearman(absolute(a.subarray(s * d, (s + 1) * d)), absolute(b.subarray(s * d, (s + 1) * d))));
    return metricResult('random-logit', perSample, { otherClass: other });
  },
});

/**
 * Random-logit similarity per sample (the other classes in `detail.otherClass`).
 * @example const r = await randomLogit({ model, x, explainer: registryExplainer('saliency') }, { seed: 1 });
 */
export const randomLogit = (input: MetricInput & { explainer: Explainer | string; x: Tensor }, o: Partial<RandomLogitOptions> = {}, context: MetricContext = {}) =>
  randomLogitMetric.evaluate(input, o, context);
