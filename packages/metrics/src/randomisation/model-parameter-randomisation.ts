/**
 * Model parameter randomisation test (Adebayo, Gilmer, Muelly, Goodfellow, Hardt, Kim, "Sanity
 * Checks for Saliency Maps", 2018): re-draw the model's layers from the output down (cascading:
 * step k re-draws the top k layers; 'independent': only layer L - k + 1), explain x again for the
 * same classes, and compare with the trained model's explanation by the Spearman rank
 * correlation of |a|. An explanation that depends on what the model learned decorrelates; one
 * that stays near 1 (an edge detector) fails the check. Per-sample value: the mean similarity
 * over the steps (lower is better); per-step values in `detail`. Quantus'
 * `ModelParameterRandomisation`: similarity_func = correlation_spearman, layer_order 'top_down'
 * (-> order 'cascading') or 'independent', abs = True, seed -> seed.
 */
import { choiceOption, type Tensor, seedOption } from '@axplain/core';
import { metricResult } from '../aggregate.js';
import { Progress } from '../batch.js';
import { explainerIn, MetricInputError, modelBatch } from '../input.js';
import { absolute, spearman } from '../maps.js';
import { defineMetric } from '../metric.js';
import type { Explainer, MetricContext, MetricInput } from '../types.js';
import { explainAll } from './explain-all.js';
import { isRandomizable } from './randomizable-model.js';

export interface ParameterRandomisationOptions { order: 'cascading' | 'independent'; seed: number }
/** Step k re-drew `layers[k]` (with the ones above it when cascading); `similarity[k][s]` for sample s. */
export interface ParameterRandomisationDetail { layers: string[]; similarity: Float64Array[] }

export const parameterRandomisationMetric = defineMetric<'parameter-randomisation', ParameterRandomisationOptions, ParameterRandomisationDetail>({
  name: 'parameter-randomisation', category: 'randomisation', better: 'lower', needs: ['model', 'explainer', 'randomizable'],
  about: 'rank correlation of |attribution| with the trained and the layer-randomised model (sanity check)',
  paper: { authors: 'Adebayo, Gilmer, Muelly, Goodfellow, Hardt, Kim', title: 'Sanity Checks for Saliency Maps', year: 2018 },
  options: {
    order: choiceOption('order', 'cascading', ['cascading', 'independent'], 'cascading from the top layer down, or one layer at a time'),
    seed: seedOption('seed of the re-drawn parameters'),
  },
  async run(input, o, context) {
    const { model, x, n, d, targets } = await modelBatch(input, 'parameter-randomisation', context);
    const explainer = explainerIn(input, 'parameter-randomisation');
    if (!isRandomizable(model) || model.layerNames.length === 0)
      throw new MetricInputError('parameter-randomisation', 'model', 'needs a model implementing RandomizableModel (layerNames and randomizeLayers) with at least one layer');
    const top = [...model.layerNames].reverse();
    const progress = new Progress(context, n * (top.length + 1));
    const original = await explainAll(explainer, model, x, d, targets, context, progress);
    const similarity: Float64Array[] = [];
    for (let k = 0; k < top.length; k++) {
      const randomized = await model.randomizeLayers(o.order === 'cascading' ? top.slice(0, k + 1) : [top[k]!], o.seed);
      try {
        const a = await explainAll(explainer, randomized, x, d, targets, context, progress);
        similarity.push(Float64Array.from({ length: n }, (_, s) => spearman(absolute(original.subarray(s * d, (s + 1) * d)), absolute(a.subarray(s * d, (s + 1) * d)))));
      } finally {
        await randomized.dispose();
      }
    }
    const perSample = Float64Array.from({ length: n }, (_, s) => similarity.reduce((acc, v) => acc + v[s]!, 0) / similarity.length);
    return metricResult('parameter-randomisation', perSample, { layers: top, similarity });
  },
});

/**
 * The cascading parameter-randomisation check per sample.
 * @example const r = await parameterRandomisation({ model: randomizable, x, explainer: registryExplainer('saliency') }); r.detail.similarity;
 */
export const parameterRandomisation = (input: MetricInput & { explainer: Explainer | string; x: Tensor }, o: Partial<ParameterRandomisationOptions> = {}, context: MetricContext = {}) =>
  parameterRandomisationMetric.evaluate(input, o, context);
