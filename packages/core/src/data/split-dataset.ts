/**
 * Seeded train/test split: a Fisher-Yates shuffle of the sample indices, the first
 * round(n * testFraction) of them form the test set, the rest the train set (both in shuffled
 * order). `stratify` splits every class on its own so both sets keep the class proportions.
 */
import { classCounts, type Dataset, type DatasetSplit, subset } from './dataset.js';
import { checkSeed, deriveSeed, shuffledIndices } from './seeded-shuffle.js';

export interface SplitOptions {
  /** Seed of the shuffle; the same seed gives the same split. @defaultValue 0 */
  seed?: number;
  /** Fraction of the samples that go to the test set, in [0, 1]. @defaultValue 0.2 */
  testFraction?: number;
  /**
   * Split each class separately (round(count_c * testFraction) of class c to the test set), so
   * both sets keep the class proportions. @defaultValue false
   */
  stratify?: boolean;
}

/**
 * Splits `ds` into train and test sets by a seeded shuffle.
 * @example
 * const { train, test } = splitDataset(loadMnist({ testFraction: 0 }).train, { seed: 1, testFraction: 0.1 });
 * // train.n === 9000, test.n === 1000
 */
export function splitDataset(ds: Dataset, options: SplitOptions = {}): DatasetSplit {
  const seed = checkSeed(options.seed ?? 0);
  const f = options.testFraction ?? 0.2;
  if (!(f >= 0 && f <= 1)) throw new RangeError(`testFraction: must be in [0, 1], got ${f}`);
  if (!options.stratify) {
    const order = shuffledIndices(ds.n, seed);
    const nTest = Math.round(ds.n * f);
    return { test: subset(ds, order.subarray(0, nTest)), train: subset(ds, order.subarray(nTest)) };
  }
  const byClass: number[][] = Array.from({ length: ds.classes }, () => []);
  for (let i = 0; i < ds.n; i++) byClass[ds.y[i]!]!.push(i);
  const train: number[] = [];
  const test: number[] = [];
  const counts = classCounts(ds);
  byClass.forEach((members, c) => {
    const order = shuffledIndices(members.length, deriveSeed(seed, 1000 + c));
    const nTest = Math.round(counts[c]! * f);
    order.forEach((k, r) => (r < nTest ? test : train).push(members[k]!));
  });
  const mix = (idx: number[], stream: number) => Array.from(shuffledIndices(idx.length, deriveSeed(seed, stream)), (k) => idx[k]!);
  return { test: subset(ds, mix(test, 1)), train: subset(ds, mix(train, 2)) };
}
