/**
 * The input-gradient explanations the training losses regularise (Ross et al., "Right for the
 * Right Reasons: Training Differentiable Models by Constraining their Explanations", 2017: the
 * gradient of sum_k log p_k; and the gradient of max_k p_k their find-another-explanation masks),
 * and how much of their magnitude falls inside annotation masks.
 */
import { type Dataset, sampleLength } from '../data/dataset.js';
import type { GradientModel } from '../gradient-model.js';
import { softmax } from '../losses/softmax.js';
import type { Tensor } from '../tensor.js';
import { forChunks } from './accuracy.js';

/**
 * What the input-gradient explanations differentiate: `'log-prob-sum'` sum_k log p_k (RRR's
 * explanation), `'max-prob'` max_k p_k (find-another-explanation's).
 */
export type ExplanationOf = 'log-prob-sum' | 'max-prob';

/**
 * Input gradients of the chosen per-sample function, shaped like x (one vjp per chunk with the
 * function's cotangent on the logits: 1 - C p for sum_k log p_k, p_m (e_m - p) for p_m = max p).
 * @example const g = await explanationGradient(model, batch.x, 'log-prob-sum');
 */
export async function explanationGradient(model: GradientModel, x: Tensor, of: ExplanationOf): Promise<Tensor> {
  const logits = await model.logits(x);
  const p = softmax(logits).data;
  const [n, c] = logits.shape as [number, number];
  const ct = new Float32Array(n * c);
  for (let i = 0; i < n; i++) {
    if (of === 'log-prob-sum') {
      for (let k = 0; k < c; k++) ct[i * c + k] = 1 - c * p[i * c + k]!;
    } else {
      let m = 0;
      for (let k = 1; k < c; k++) if (p[i * c + k]! > p[i * c + m]!) m = k;
      const pm = p[i * c + m]!;
      for (let k = 0; k < c; k++) ct[i * c + k] = pm * ((k === m ? 1 : 0) - p[i * c + k]!);
    }
  }
  return (await model.vjp(x, { data: ct, shape: [n, c] })).grad;
}

/**
 * The share of input-gradient magnitude inside the annotation masks: sum |A * g| / sum |g| over
 * the dataset (g = `explanationGradient(of)`). 0: the model ignores the masked pixels; the
 * mask's share of pixels: no preference. Needs `ds.masks`.
 * @example await maskedGradientShare(model, decoyTest) // ~0.6 for a model that reads the swatch
 */
export async function maskedGradientShare(model: GradientModel, ds: Dataset, of: ExplanationOf = 'log-prob-sum'): Promise<number> {
  if (!ds.masks) throw new RangeError('ds.masks: the dataset has no annotation masks (e.g. loadDecoyMnist gives the swatch)');
  const len = sampleLength(ds);
  let inside = 0, total = 0;
  await forChunks(ds, async (x, start, n) => {
    const g = (await explanationGradient(model, x, of)).data;
    const a = ds.masks!.subarray(start * len, (start + n) * len);
    for (let i = 0; i < g.length; i++) {
      const v = Math.abs(g[i]!);
      total += v;
      inside += a[i]! * v;
    }
  });
  return total > 0 ? inside / total : 0;
}

/**
 * Find-another-explanation's mask of one model (Ross et al.): per sample, the input positions
 * where |d max_k p_k / dx| > threshold * its largest |value| (1 there, 0 elsewhere), shaped like x.
 * @example const m = await explanationMasks(model, train, 0.67);
 */
export async function explanationMasks(model: GradientModel, ds: Dataset, threshold = 0.67): Promise<Float32Array> {
  if (!(threshold >= 0 && threshold < 1)) throw new RangeError(`threshold: must be in [0, 1), got ${threshold}`);
  const len = sampleLength(ds);
  const out = new Float32Array(ds.n * len);
  await forChunks(ds, async (x, start, n) => {
    const g = (await explanationGradient(model, x, 'max-prob')).data;
    for (let i = 0; i < n; i++) {
      let max = 0;
      for (let j = 0; j < len; j++) max = Math.max(max, Math.abs(g[i * len + j]!));
      if (!(max > 0)) continue;
      for (let j = 0; j < len; j++) if (Math.abs(g[i * len + j]!) > threshold * max) out[(start + i) * len + j] = 1;
    }
  });
  return out;
}
