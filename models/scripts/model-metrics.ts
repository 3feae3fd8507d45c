/**
 * What the fixture models' cards measure and what test/models.test.ts re-measures: the dataset a
 * card names (rebuilt from its seed), accuracy on the first test samples, robust accuracy under
 * PGD-Linf, and the mean Gini index of Integrated-Gradients attributions (Chalasani et al.).
 */
import { type GradientModel, integratedGradients, type PgdOptions } from '@axplain/core';
import {
  type DatasetSplit, datasetAccuracy, firstSamples, loadDecoyMnist, loadFashionMnist, loadLocalisationCanvas, loadMnist, robustAccuracy,
} from '@axplain/node';

/** The datasets a fixture card can name in `dataset.name`. */
export type FixtureDataset = 'mnist' | 'decoy-mnist' | 'fashion-mnist' | 'canvas';

/** How a card names its data: enough to rebuild the exact split. */
export interface DatasetRef {
  name: FixtureDataset;
  seed: number;
  testFraction: number;
  /** Canvas side (canvas only). */
  size?: number;
  /** Samples per class read (canvas only: it keeps the data small). */
  limitPerClass?: number;
}

/** Loads the split a card's `dataset` names. */
export function loadFixtureDataset(ref: DatasetRef): DatasetSplit {
  const o = { seed: ref.seed, testFraction: ref.testFraction, ...(ref.limitPerClass ? { limitPerClass: ref.limitPerClass } : {}) };
  switch (ref.name) {
    case 'mnist': return loadMnist(o);
    case 'decoy-mnist': return loadDecoyMnist(o);
    case 'fashion-mnist': return loadFashionMnist(o);
    case 'canvas': return loadLocalisationCanvas({ ...o, size: ref.size ?? 64 });
  }
}

/** The attack every card's `robustAccuracy` uses (eps given separately). */
export const ROBUST_ATTACK: Omit<PgdOptions, 'eps'> = { norm: 'linf', steps: 20, stepSize: 0.01, randomStart: true, seed: 0 };

/** Accuracy on the first `n` test samples. */
export async function accuracyOnFirst(model: GradientModel, split: DatasetSplit, n: number): Promise<number> {
  return datasetAccuracy(model, firstSamples(split.test, n));
}

/** Accuracy under PGD-Linf (`ROBUST_ATTACK`) at `eps` on the first `n` test samples. */
export async function robustOnFirst(model: GradientModel, split: DatasetSplit, n: number, eps: number): Promise<number> {
  return robustAccuracy(model, firstSamples(split.test, n), { ...ROBUST_ATTACK, eps });
}

/**
 * Gini index of one attribution map: a = sort_asc(|attr|) + 1e-7,
 * G = sum_i (2i - n - 1) a_i / (n sum a_i) with i = 1..n. 0: uniform, -> 1: one pixel.
 * @example gini(Float32Array.of(0, 0, 0, 1)) // ~0.75
 */
export function gini(attr: ArrayLike<number>): number {
  const n = attr.length;
  const a = Float64Array.from({ length: n }, (_, i) => Math.abs(attr[i]!)).sort();
  let num = 0, sum = 0;
  for (let i = 0; i < n; i++) {
    const v = a[i]! + 1e-7;
    num += (2 * (i + 1) - n - 1) * v;
    sum += v;
  }
  return num / (n * sum);
}

/** Mean Gini index of IG attributions (zero baseline, 32 steps, target = label) over the first `n` test samples. */
export async function meanIgGini(model: GradientModel, split: DatasetSplit, n: number): Promise<number> {
  const ds = firstSamples(split.test, n);
  const len = ds.x.length / ds.n;
  const { attribution } = await integratedGradients(model, { data: ds.x, shape: [ds.n, ...ds.shape] }, { target: Array.from(ds.y), baseline: 'zeros', steps: 32 });
  let s = 0;
  for (let i = 0; i < ds.n; i++) s += gini(attribution.data.subarray(i * len, (i + 1) * len));
  return s / ds.n;
}
