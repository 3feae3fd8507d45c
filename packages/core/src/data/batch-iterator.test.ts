/** batches(): coverage per epoch, seeded orders, partial and dropped last batches, annotations. */
import { describe, expect, it } from 'vitest';
import { batchCount, batches } from './batch-iterator.js';
import type { Dataset } from './dataset.js';
import { indexed } from '../testing/datasets.js';

const order = (ds: Dataset, o: Parameters<typeof batches>[1]) => [...batches(ds, o)].flatMap((b) => [...b.indices]);

describe('batches', () => {
  const ds = indexed(103);
  it('covers every sample exactly once per epoch, batch contents matching their indices', () => {
    const all = [...batches(ds, { batchSize: 10, seed: 4 })];
    expect(all.map((b) => b.n)).toEqual([10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 3]);
    expect(all.length).toBe(batchCount(103, 10));
    const seen = all.flatMap((b) => [...b.indices]);
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 103 }, (_, i) => i));
    for (const b of all) {
      expect(b.x.shape).toEqual([b.n, 1, 1, 2]);
      b.indices.forEach((i, k) => {
        expect(b.x.data[2 * k]).toBe(i);
        expect(b.y[k]).toBe(i % 3);
      });
    }
  });
  it('orders are a function of (seed, epoch): equal when both match, different otherwise', () => {
    const e0 = order(ds, { batchSize: 16, seed: 1, epoch: 0 });
    expect(order(ds, { batchSize: 16, seed: 1, epoch: 0 })).toEqual(e0);
    expect(order(ds, { batchSize: 16, seed: 1, epoch: 1 })).not.toEqual(e0);
    expect(order(ds, { batchSize: 16, seed: 2, epoch: 0 })).not.toEqual(e0);
    expect(order(ds, { batchSize: 7, seed: 1, epoch: 0 })).toEqual(e0); // batch size does not change the order
  });
  it('shuffle: false keeps dataset order; dropLast drops the short batch', () => {
    expect(order(ds, { batchSize: 50, shuffle: false })).toEqual(Array.from({ length: 103 }, (_, i) => i));
    const dropped = [...batches(ds, { batchSize: 10, dropLast: true })];
    expect(dropped.map((b) => b.n)).toEqual(Array(10).fill(10));
    expect(batchCount(103, 10, true)).toBe(10);
  });
  it('carries masks and boxes with their samples', () => {
    const withAnn: Dataset = { ...ds, masks: ds.x.map((v) => -v), boxes: Array.from({ length: 103 }, (_, i) => ({ x0: i, y0: 0, x1: i + 1, y1: 1 })) };
    for (const b of batches(withAnn, { batchSize: 32, seed: 8 })) {
      expect(b.masks!.shape).toEqual(b.x.shape);
      b.indices.forEach((i, k) => {
        expect(b.masks!.data[2 * k]).toBe(-i);
        expect(b.boxes![k]!.x0).toBe(i);
      });
    }
    expect([...batches(ds, { batchSize: 32 })][0]!.masks).toBeUndefined();
  });
  it('rejects bad batch sizes and epochs, naming the option', () => {
    expect(() => [...batches(ds, { batchSize: 0 })]).toThrow(/batchSize: must be an integer >= 1, got 0/);
    expect(() => [...batches(ds, { batchSize: 4, epoch: -1 })]).toThrow(/epoch: must be an integer >= 0/);
  });
});
