/**
 * LIME (Ribeiro et al. 2016) over segments: fit a weighted linear surrogate of the model on
 * random on/off patterns of the segments around the input.
 */
import { resolveBaseline } from '../../attributions/baselines.js';
import { checkInteger, checkNumber } from '../../validate.js';
import type { GradientModel } from '../../gradient-model.js';
import { Rng } from '../../rng.js';
import type { Tensor } from '../../tensor.js';
import { prepareBlackBox, scoreRows, type BlackBoxOptions, type BlackBoxResult } from './black-box-common.js';
import { weightedRidge } from './least-squares.js';
import { resolveSegments, type SegmentOptions, type SegmentsLike } from './segments.js';

export interface LimeOptions extends BlackBoxOptions, SegmentOptions {
  /**
   * Forward evaluations per sample = perturbation patterns, the first being the input itself
   * (LIME's `num_samples`). @defaultValue 1000
   */
  maxEvals?: number;
  /** Width of the exponential kernel on the cosine distance (LIME's image default). @defaultValue 0.25 */
  kernelWidth?: number;
  /** Ridge penalty of the surrogate (scikit-learn's `Ridge` default in LIME). @defaultValue 1 */
  alpha?: number;
  /** Seed of the on/off patterns (the same patterns for every sample with the same segment count). @defaultValue 0 */
  seed?: number;
}

export interface LimeSampleResult {
  segments: SegmentsLike;
  /** The surrogate's coefficient per segment: the explanation. */
  coefficients: Float64Array;
  intercept: number;
  /** Weighted R^2 of the surrogate on its patterns. */
  score: number;
  /** The surrogate at the input (every segment on): intercept + sum of coefficients. */
  localPrediction: number;
}

export interface LimeResult extends BlackBoxResult {
  /** One surrogate per sample. */
  perSample: LimeSampleResult[];
}

/**
 * For each sample: patterns z in {0, 1}^M (M segments; z_0 = all on, the rest uniform random bits
 * from `seed`), inputs with the off segments replaced by the baseline, scores y = f_t(input),
 * weights pi = sqrt(exp(-dist^2 / width^2)) with dist the cosine distance of z to all-on (1 for
 * z = 0), and the exact weighted ridge fit y ~ b + z . beta. The attribution map gives every input
 * value its segment's coefficient (as Captum's Lime). Unlike the LIME library no feature
 * selection is done: every segment gets a coefficient. On an additive model with alpha -> 0 the
 * coefficients are the segments' exact contributions f(x) - f(x with the segment removed).
 * @example
 * import { lime } from '@axplain/core';
 * import { LinearModel } from '@axplain/core/testing';
 * const model = new LinearModel([4], 2, Float32Array.of(1, 1, 2, 2, 0, 0, 0, 0));
 * const segments = { labels: Int32Array.of(0, 0, 1, 1), count: 2 };
 * const r = await lime(model, { data: Float32Array.of(1, 1, 1, 1), shape: [1, 4] }, { segments, target: 0, alpha: 1e-9, maxEvals: 50 });
 * r.perSample[0].coefficients; // ~[2, 4]: each segment's contribution to f_0
 */
export async function lime(model: GradientModel, x: Tensor, options: LimeOptions = {}): Promise<LimeResult> {
  const maxEvals = checkInteger('maxEvals', options.maxEvals ?? 1000, { min: 2 });
  const width = checkNumber('kernelWidth', options.kernelWidth ?? 0.25, { above: 0 });
  const alpha = checkNumber('alpha', options.alpha ?? 1, { min: 0 });
  const seed = checkInteger('seed', options.seed ?? 0, { min: 0 });
  const { n, d, targets, inputScores, output, internalBatchSize } = await prepareBlackBox(model, x, options);
  const segs = resolveSegments(x, model.inputShape, options);
  const base = resolveBaseline(options.baseline, x, model.inputShape);
  const rows = maxEvals - 1; // pattern 0 is x itself, already scored
  const masks = segs.map(({ count }) => {
    const rng = new Rng(seed);
    const m = new Uint8Array(maxEvals * count).fill(1, 0, count);
    for (let i = count; i < m.length; i++) m[i] = rng.next() < 0.5 ? 1 : 0;
    return m;
  });
  const scores = await scoreRows(model, n * rows, d, (row, out) => {
    const s = Math.floor(row / rows);
    const { segOf, count } = segs[s]!;
    const off = (1 + (row % rows)) * count;
    const m = masks[s]!;
    for (let i = 0; i < d; i++) out[i] = m[off + segOf[i]!] ? x.data[s * d + i]! : base.data[s * d + i]!;
  }, (row) => targets[Math.floor(row / rows)]!, output, { internalBatchSize, signal: options.signal, onStep: options.onStep });

  const data = new Float32Array(n * d);
  const perSample = segs.map(({ segments, segOf, count }, s) => {
    const m = masks[s]!;
    const y = new Float64Array(maxEvals);
    const w = new Float64Array(maxEvals);
    y[0] = inputScores[s]!;
    for (let r = 0; r < maxEvals; r++) {
      if (r > 0) y[r] = scores[s * rows + r - 1]!;
      let on = 0;
      for (let j = 0; j < count; j++) on += m[r * count + j]!;
      const dist = on === 0 ? 1 : 1 - on / Math.sqrt(on * count);
      w[r] = Math.sqrt(Math.exp(-(dist * dist) / (width * width)));
    }
    const fit = weightedRidge(m, y, w, maxEvals, count, alpha, 'lime');
    for (let i = 0; i < d; i++) data[s * d + i] = fit.coefficients[segOf[i]!]!;
    const localPrediction = fit.intercept + fit.coefficients.reduce((a, b) => a + b, 0);
    return { segments, coefficients: fit.coefficients, intercept: fit.intercept, score: fit.score, localPrediction };
  });
  return { attribution: { data, shape: [...x.shape] }, targets, evals: new Int32Array(n).fill(maxEvals), perSample };
}
