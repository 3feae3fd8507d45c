/**
 * Deletion and insertion curves (Petsiuk, Das, Saenko, "RISE: Randomized Input Sampling for
 * Explanation of Black-box Models", 2018), with the pixel-flipping orders MoRF / LeRF (Bach et
 * al., "On Pixel-Wise Explanations for Non-Linear Classifier Decisions by Layer-Wise Relevance
 * Propagation", 2015; Samek et al., "Evaluating the Visualization of What a Deep Neural Network
 * Has Learned", 2017). Input values are ranked by attribution (descending for MoRF, ascending
 * for LeRF). At step k = 0..K the first m_k = round(k D / K) of them are
 *   deletion:  set to the baseline in x;      insertion: revealed from x in an all-baseline input,
 * and the curve is the target's score at each step; the per-sample value is the trapezoidal area
 * under it on [0, 1]. Deletion MoRF: lower is better; insertion MoRF: higher is better. All
 * N (K + 1) inputs go through the model in batches.
 */
import { integerOption, type Tensor } from '@axplain/core';
import { metricResult } from '../aggregate.js';
import { buildRows, Progress, scoreRows } from '../batch.js';
import { attributionOf, modelBatch } from '../input.js';
import { order } from '../maps.js';
import { defineMetric } from '../metric.js';
import type { MetricContext, MetricInput, MetricResult } from '../types.js';
import { baselineOption, type FlipOrder, orderOption, scoreOption, trapezoidArea, type ContinuousScore } from './options.js';

export interface CurveOptions { order: FlipOrder; steps: number; baseline: number; score: ContinuousScore }
/** The curves, one per sample, at the fractions k / K of features removed (or inserted). */
export interface CurveDetail { fractions: number[]; curves: Float64Array[] }

const RISE = { authors: 'Petsiuk, Das, Saenko', title: 'RISE: Randomized Input Sampling for Explanation of Black-box Models', year: 2018 };
const options = {
  order: orderOption, steps: integerOption('steps', 20, { min: 1 }, 'curve steps K (K + 1 points)'),
  baseline: baselineOption, score: scoreOption('probability'),
};

async function curves(mode: 'deletion' | 'insertion', input: MetricInput, o: CurveOptions, context: MetricContext): Promise<MetricResult<CurveDetail>> {
  const { model, x, n, d, targets } = await modelBatch(input, mode, context);
  const { a } = attributionOf(input, mode);
  const k1 = o.steps + 1;
  const ranked = Array.from({ length: n }, (_, s) => order(a.data.subarray(s * d, (s + 1) * d), o.order === 'morf' ? 'desc' : 'asc'));
  const build = buildRows(x, d, (r) => Math.floor(r / k1), (r, v) => {
    const ord = ranked[Math.floor(r / k1)]!;
    const m = Math.round(((r % k1) * d) / o.steps);
    if (mode === 'deletion') for (let i = 0; i < m; i++) v[ord[i]!] = o.baseline;
    else for (let i = m; i < d; i++) v[ord[i]!] = o.baseline;
  });
  const scores = await scoreRows(model, n * k1, build, (r) => targets[Math.floor(r / k1)]!, o.score, context, new Progress(context, n * k1));
  const all = Array.from({ length: n }, (_, s) => scores.slice(s * k1, (s + 1) * k1));
  return metricResult(mode, Float64Array.from(all, trapezoidArea), { fractions: Array.from({ length: k1 }, (_, k) => k / o.steps), curves: all });
}

export const deletionMetric = defineMetric<'deletion', CurveOptions, CurveDetail>({
  name: 'deletion', category: 'faithfulness', better: 'lower', paper: RISE, needs: ['model', 'attribution'], options,
  about: 'area under the score as features are removed, most relevant first (pixel flipping)',
  run: (input, o, context) => curves('deletion', input, o, context),
});

export const insertionMetric = defineMetric<'insertion', CurveOptions, CurveDetail>({
  name: 'insertion', category: 'faithfulness', better: 'higher', paper: RISE, needs: ['model', 'attribution'], options,
  about: 'area under the score as features are inserted into a baseline input, most relevant first',
  run: (input, o, context) => curves('insertion', input, o, context),
});

/**
 * Deletion curve and its area per sample.
 * @example
 * const { attribution } = await gradientXInput(model, x);
 * const r = await deletion({ model, x, attribution }, { steps: 20, order: 'morf' });
 * r.perSample; r.detail.curves[0];
 */
export const deletion = (input: MetricInput & { attribution: Tensor }, o: Partial<CurveOptions> = {}, context: MetricContext = {}) =>
  deletionMetric.evaluate(input, o, context);

/**
 * Insertion curve and its area per sample (features revealed from an all-baseline input).
 * @example const r = await insertion({ model, x, attribution }, { steps: 20 });
 */
export const insertion = (input: MetricInput & { attribution: Tensor }, o: Partial<CurveOptions> = {}, context: MetricContext = {}) =>
  insertionMetric.evaluate(input, o, context);
