/**
 * Alignment of gradient and boundary attributions (Wang, Fredrikson, Datta, "Robust Models Are
 * More Interpretable Because Attributions Look Normal", 2022): per sample the L2 distance
 *   ||SM(x) - BSM(x)||_2   and   ||IG(x) - BIG(x)||_2,
 * the paper's robustness-alignment measure (smaller on robust models: their gradients already
 * point to the boundary). `normalize: 'unit'` divides each map by its L2 norm first (a
 * scale-free variant; a zero map stays zero). Both maps explain the same class. Lower is better.
 */
import { choiceOption, integerOption, type OptionSpec } from '@axplain/core';
import { metricResult } from '../aggregate.js';
import { Progress } from '../batch.js';
import { modelBatch } from '../input.js';
import { l2 } from '../maps.js';
import { defineMetric } from '../metric.js';
import { registryExplainer } from '../explainer.js';
import { explainAll } from '../randomisation/explain-all.js';
import type { Explainer, MetricContext, MetricInput, MetricResult } from '../types.js';
import { BOUNDARY_PAPER } from '../localisation/mask-metric.js';

export type AlignmentNormalization = 'none' | 'unit';
export interface AlignmentOptions { normalize: AlignmentNormalization }
export interface PathAlignmentOptions extends AlignmentOptions { steps: number }

const normalizeOption: OptionSpec<AlignmentNormalization> = choiceOption('normalize', 'none', ['none', 'unit'], 'compare the maps as they are, or each scaled to unit L2 norm');

/**
 * ||a(x) - b(x)||_2 per sample for any two explainers (same classes).
 * @example const r = await attributionDistance({ model, x }, registryExplainer('saliency'), registryExplainer('bsm'));
 */
export async function attributionDistance(
  input: MetricInput, a: Explainer, b: Explainer, o: Partial<AlignmentOptions> = {}, context: MetricContext = {}, name = 'attribution-distance',
): Promise<MetricResult<null>> {
  const normalize = normalizeOption.check(o.normalize);
  const { model, x, n, d, targets } = await modelBatch(input, name, context);
  const progress = new Progress(context, 2 * n);
  const ma = await explainAll(a, model, x, d, targets, context, progress);
  const mb = await explainAll(b, model, x, d, targets, context, progress);
  const perSample = Float64Array.from({ length: n }, (_, s) => {
    const u = ma.subarray(s * d, (s + 1) * d), v = mb.subarray(s * d, (s + 1) * d);
    if (normalize === 'none') return l2(u, v);
    const nu = l2(u) || 1, nv = l2(v) || 1;
    return l2(u.map((q) => q / nu), v.map((q) => q / nv));
  });
  return metricResult(name, perSample, null);
}

export const smBsmMetric = defineMetric<'sm-bsm', AlignmentOptions, null>({
  name: 'sm-bsm', category: 'alignment', better: 'lower', paper: BOUNDARY_PAPER, needs: ['model'],
  about: 'L2 distance between the saliency map and the boundary saliency map', options: { normalize: normalizeOption },
  run: (input, o, context) => attributionDistance(input, registryExplainer('saliency'), registryExplainer('bsm', {}, input.box), o, context, 'sm-bsm'),
});

export const igBigMetric = defineMetric<'ig-big', PathAlignmentOptions, null>({
  name: 'ig-big', category: 'alignment', better: 'lower', paper: BOUNDARY_PAPER, needs: ['model'],
  about: 'L2 distance between Integrated Gradients (zero baseline) and boundary Integrated Gradients',
  options: { normalize: normalizeOption, steps: integerOption('steps', 20, { min: 1 }, 'integration steps of IG and BIG') },
  run: (input, o, context) =>
    attributionDistance(input, registryExplainer('ig', { steps: o.steps }), registryExplainer('big', { steps: o.steps }, input.box), o, context, 'ig-big'),
});

/**
 * |SM - BSM| per sample.
 * @example const r = await smBsmDistance({ model, x }); r.mean
 */
export const smBsmDistance = (input: MetricInput, o: Partial<AlignmentOptions> = {}, context: MetricContext = {}) => smBsmMetric.evaluate(input, o, context);

/**
 * |IG - BIG| per sample.
 * @example const r = await igBigDistance({ model, x }, { steps: 20 });
 */
export const igBigDistance = (input: MetricInput, o: Partial<PathAlignmentOptions> = {}, context: MetricContext = {}) => igBigMetric.evaluate(input, o, context);
