/**
 * ROAD, RemOve And Debias (Rong, Leemann, Borisov, Kasneci, Kasneci, "A Consistent and Efficient
 * Evaluation Strategy for Attribution Methods", 2022): pixels are ranked by attribution (summed
 * over channels); at each of K percentages p_k = 100 (2k - 1) / (2K) (K = 50: 1, 3, ..., 99 %,
 * Quantus' `ROAD` default) the first floor(p_k H W / 100) pixels are removed (MoRF: most relevant
 * first; LeRF: least) and filled by noisy linear imputation (noise std 0.01, Quantus' default), and
 * the model scores the imputed image. The curve is the target's probability (or logit, or, as
 * Quantus reports it, `score: 'accuracy'`: 1 while the target stays the prediction), and the
 * per-sample value its mean over the percentages (the area under the curve): MoRF lower is better,
 * LeRF higher.
 */
import { choiceOption, integerOption, numberOption, type Tensor, seedOption } from '@axplain/core';
import { metricResult } from '../aggregate.js';
import { buildRows, Progress, scoreRows, type ScoreKind } from '../batch.js';
import { attributionOf, modelBatch } from '../input.js';
import { order } from '../maps.js';
import { defineMetric } from '../metric.js';
import { drawRng, sampleKeys } from '../random.js';
import { LAYOUTS, type Layout, reduceChannels, spatialOf } from '../spatial.js';
import type { MetricContext, MetricInput } from '../types.js';
import { noisyLinearImputation } from './noisy-linear-imputation.js';
import { type FlipOrder, orderOption, scoreOption } from './options.js';

export interface RoadOptions { order: FlipOrder; steps: number; noise: number; score: ScoreKind; seed: number; layout: Layout }
/** The percentages of pixels removed and one curve per sample. */
export interface RoadDetail { percentages: number[]; curves: Float64Array[] }

export const roadMetric = defineMetric<'road', RoadOptions, RoadDetail>({
  name: 'road', category: 'faithfulness', better: 'lower', needs: ['model', 'attribution'],
  about: 'mean score as ranked pixels are removed and filled by noisy linear imputation (MoRF: lower is better)',
  paper: { authors: 'Rong, Leemann, Borisov, Kasneci, Kasneci', title: 'A Consistent and Efficient Evaluation Strategy for Attribution Methods', year: 2022 },
  options: {
    order: orderOption, steps: integerOption('steps', 50, { min: 1 }, 'percentages K (midpoints of K equal bins of 0..100)'),
    noise: numberOption('noise', 0.01, { min: 0 }, 'std of the noise added to imputed values'),
    score: scoreOption<ScoreKind>('probability', ['probability', 'logit', 'accuracy']), seed: seedOption('seed of the imputation noise'),
    layout: choiceOption('layout', 'nchw', LAYOUTS, 'where the channels of a 3-d per-sample shape are'),
  },
  async run(input, o, context) {
    const { model, x, n, d, targets } = await modelBatch(input, 'road', context);
    const { a } = attributionOf(input, 'road');
    const sp = spatialOf(model.inputShape, o.layout, 'road');
    const hw = sp.height * sp.width, k = o.steps;
    const percentages = Array.from({ length: k }, (_, i) => (100 * (2 * i + 1)) / (2 * k));
    const keys = sampleKeys(x.data, n, d);
    const ranked = Array.from({ length: n }, (_, s) => order(reduceChannels(a.data.subarray(s * d, (s + 1) * d), sp), o.order === 'morf' ? 'desc' : 'asc'));
    const build = buildRows(x, d, (r) => Math.floor(r / k), (r, v) => {
      const removed = new Uint8Array(hw);
      const m = Math.floor((percentages[r % k]! * hw) / 100);
      const ord = ranked[Math.floor(r / k)]!;
      for (let i = 0; i < m; i++) removed[ord[i]!] = 1;
      noisyLinearImputation(v, sp, removed, o.noise, drawRng(o.seed, keys[Math.floor(r / k)]!, r % k));
    });
    const f = await scoreRows(model, n * k, build, (r) => targets[Math.floor(r / k)]!, o.score, context, new Progress(context, n * k));
    const curves = Array.from({ length: n }, (_, s) => f.slice(s * k, (s + 1) * k));
    return metricResult('road', Float64Array.from(curves, (c) => c.reduce((p, q) => p + q, 0) / k), { percentages, curves });
  },
});

/**
 * ROAD curve and its mean per sample.
 * @example const r = await road({ model, x, attribution }, { order: 'morf', steps: 10 }); r.detail.curves[0];
 */
export const road = (input: MetricInput & { attribution: Tensor }, o: Partial<RoadOptions> = {}, context: MetricContext = {}) =>
  roadMetric.evaluate(input, o, context);
