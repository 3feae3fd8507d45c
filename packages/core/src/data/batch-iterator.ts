/**
 * Mini-batches over a dataset for training loops: every sample exactly once per epoch, in an
 * order shuffled by (seed, epoch), so epoch e of a run is the same on every machine.
 */
import type { Tensor } from '../tensor.js';
import { checkInteger } from '../validate.js';
import { type BoundingBox, type Dataset, sampleLength } from './dataset.js';
import { checkSeed, deriveSeed, shuffledIndices } from './seeded-shuffle.js';

export interface BatchOptions {
  /** Samples per batch (the last one may be smaller, see `dropLast`). */
  batchSize: number;
  /** Seed of the shuffle. @defaultValue 0 */
  seed?: number;
  /** Epoch number: each epoch has its own order, derived from (seed, epoch). @defaultValue 0 */
  epoch?: number;
  /** false: batches in dataset order. @defaultValue true */
  shuffle?: boolean;
  /** Skip the last batch when it has fewer than `batchSize` samples. @defaultValue false */
  dropLast?: boolean;
}

/** One mini-batch: copies of the samples at `indices`. */
export interface Batch {
  /** Images [n, ...ds.shape]. */
  readonly x: Tensor;
  /** Labels of the batch. */
  readonly y: Int32Array;
  /** Annotation masks [n, ...ds.shape], when the dataset has them. */
  readonly masks?: Tensor;
  /** Boxes of the batch, when the dataset has them. */
  readonly boxes?: readonly BoundingBox[];
  /** Dataset indices of the batch's samples, in batch order. */
  readonly indices: Int32Array;
  /** Samples in the batch. */
  readonly n: number;
}

/** Number of batches one epoch of `n` samples yields. */
export const batchCount = (n: number, batchSize: number, dropLast = false): number =>
  dropLast ? Math.floor(n / batchSize) : Math.ceil(n / batchSize);

/**
 * The mini-batches of one epoch.
 * @example
 * for (let epoch = 0; epoch < 3; epoch++)
 *   for (const b of batches(train, { batchSize: 256, seed: 7, epoch })) await model.logits(b.x);
 */
export function* batches(ds: Dataset, options: BatchOptions): Generator<Batch, void, undefined> {
  const size = options.batchSize;
  checkInteger('batchSize', size, { min: 1 });
  const epoch = options.epoch ?? 0;
  checkInteger('epoch', epoch, { min: 0 });
  const seed = checkSeed(options.seed ?? 0);
  const order = options.shuffle === false ? Int32Array.from({ length: ds.n }, (_, i) => i) : shuffledIndices(ds.n, deriveSeed(seed, 0x10000 + epoch));
  const len = sampleLength(ds);
  const count = batchCount(ds.n, size, options.dropLast);
  for (let b = 0; b < count; b++) {
    const indices = order.slice(b * size, Math.min(ds.n, (b + 1) * size));
    const n = indices.length;
    const x = new Float32Array(n * len);
    const y = new Int32Array(n);
    const masks = ds.masks ? new Float32Array(n * len) : undefined;
    indices.forEach((i, k) => {
      x.set(ds.x.subarray(i * len, (i + 1) * len), k * len);
      y[k] = ds.y[i]!;
      masks?.set(ds.masks!.subarray(i * len, (i + 1) * len), k * len);
    });
    const shape = [n, ...ds.shape];
    const batch: { -readonly [K in keyof Batch]: Batch[K] } = { x: { data: x, shape }, y, indices, n };
    if (masks) batch.masks = { data: masks, shape };
    if (ds.boxes) batch.boxes = Array.from(indices, (i) => ds.boxes![i]!);
    yield batch;
  }
}
