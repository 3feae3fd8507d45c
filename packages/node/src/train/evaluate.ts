/**
 * Measurements of a trained classifier on a dataset, through any `GradientModel`: accuracy,
 * robust accuracy under core's PGD, and the input-gradient explanations the training losses
 * regularise (Ross et al.'s d/dx sum_k log p_k, and d/dx max_k p_k of find-another-explanation).
 */
import { type GradientModel, pgd, type PgdOptions, softmax, type Tensor } from '@axplain/core';
import { type Dataset, sampleLength, subset } from '../data/dataset.js';

/** Samples per model call. */
const CHUNK = 500;

/** Runs `fn` over the dataset in chunks of CHUNK samples. */
async function forChunks(ds: Dataset, fn: (x: Tensor, start: number, n: number) => Promise<void>): Promise<void> {
  const len = sampleLength(ds);
  for (let a = 0; a < ds.n; a += CHUNK) {
    const b = Math.min(ds.n, a + CHUNK);
    await fn({ data: ds.x.subarray(a * len, b * len), shape: [b - a, ...ds.shape] }, a, b - a);
  }
}

/**
 * Fraction of samples whose argmax logit is their label.
 * @example const acc = await datasetAccuracy(model, loadMnist().test); // e.g. 0.94
 */
export async function datasetAccuracy(model: GradientModel, ds: Dataset): Promise<number> {
  if (ds.n === 0) return Number.NaN;
  let ok = 0;
  await forChunks(ds, async (x, start, n) => {
    const z = (await model.logits(x)).data;
    const c = z.length / n;
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let k = 1; k < c; k++) if (z[i * c + k]! > z[i * c + best]!) best = k;
      if (best === ds.y[start + i]) ok++;
    }
  });
  return ok / ds.n;
}

/**
 * Accuracy under core's untargeted PGD against the true labels: the fraction of samples that are
 * classified correctly AND that the attack does not flip. Deterministic given `options.seed`.
 * @example const robust = await robustAccuracy(model, test, { norm: 'linf', eps: 0.1, steps: 20 });
 */
export async function robustAccuracy(model: GradientModel, ds: Dataset, options: PgdOptions = {}): Promise<number> {
  if (ds.n === 0) return Number.NaN;
  let ok = 0;
  await forChunks(ds, async (x, start, n) => {
    const r = await pgd(model, x, { ...options, target: Array.from(ds.y.subarray(start, start + n)) });
    for (let i = 0; i < n; i++) if (!r.success[i]) ok++;
  });
  return ok / ds.n;
}

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

/** The first `n` samples of a dataset (a cheap evaluation subset). */
export const firstSamples = (ds: Dataset, n: number): Dataset => (n >= ds.n ? ds : subset(ds, Int32Array.from({ length: n }, (_, i) => i)));
