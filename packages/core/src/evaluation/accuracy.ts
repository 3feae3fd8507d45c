/**
 * Accuracy of a classifier on a dataset, through any `GradientModel`: clean accuracy and robust
 * accuracy under core's PGD, evaluated in chunks of samples.
 */
import { pgd, type PgdOptions } from '../attacks/pgd.js';
import { type Dataset, sampleLength, subset } from '../data/dataset.js';
import type { GradientModel } from '../gradient-model.js';
import { argmax } from '../stats/argmax.js';
import type { Tensor } from '../tensor.js';

/** Samples per model call. */
const CHUNK = 500;

/** Runs `fn` over the dataset in chunks of at most 500 samples (one model call each). */
export async function forChunks(ds: Dataset, fn: (x: Tensor, start: number, n: number) => Promise<void>): Promise<void> {
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
    for (let i = 0; i < n; i++) if (argmax(z, i * c, (i + 1) * c) === ds.y[start + i]) ok++;
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
 * The first `n` samples of a dataset (a cheap evaluation subset).
 * @example const quick = firstSamples(test, 1000);
 */
export const firstSamples = (ds: Dataset, n: number): Dataset => (n >= ds.n ? ds : subset(ds, Int32Array.from({ length: n }, (_, i) => i)));
