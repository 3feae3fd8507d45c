/** splitDataset and the seeded shuffle on synthetic sets whose pixels carry their sample index. */
import { describe, expect, it } from 'vitest';
import { classCounts, type Dataset, subset } from './dataset.js';
import { deriveSeed, shuffledIndices } from './seeded-shuffle.js';
import { splitDataset } from './split-dataset.js';
import { indexed } from '../testing/datasets.js';

const ids = (ds: Dataset) => Array.from({ length: ds.n }, (_, i) => ds.x[2 * i]!);

describe('shuffledIndices', () => {
  it('is a permutation, the same for the same seed and different for another', () => {
    const p = shuffledIndices(1000, 5);
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(shuffledIndices(1000, 5)).toEqual(p);
    const q = shuffledIndices(1000, 6);
    expect(q.filter((v, i) => v === p[i]).length).toBeLessThan(10); // ~1 fixed point expected between two random permutations
    expect(p.filter((v, i) => v === i).length).toBeLessThan(10);
  });
  it('handles 0 and 1 samples and rejects bad arguments', () => {
    expect(shuffledIndices(0, 1).length).toBe(0);
    expect([...shuffledIndices(1, 1)]).toEqual([0]);
    expect(() => shuffledIndices(-1, 0)).toThrow(/n: must be a non-negative integer/);
    expect(() => shuffledIndices(3, 0.5)).toThrow(/seed: must be an integer/);
  });
  it('derives distinct seeds per stream and per base seed', () => {
    const seen = new Set<number>();
    for (let s = 0; s < 20; s++) for (let k = 0; k < 20; k++) seen.add(deriveSeed(s, k));
    expect(seen.size).toBe(400);
  });
});

describe('splitDataset', () => {
  it('puts round(n * testFraction) samples in test and the rest in train, each sample exactly once', () => {
    const ds = indexed(101);
    const { train, test } = splitDataset(ds, { seed: 3, testFraction: 0.25 });
    expect(test.n).toBe(25);
    expect(train.n).toBe(76);
    expect([...ids(train), ...ids(test)].sort((a, b) => a - b)).toEqual(Array.from({ length: 101 }, (_, i) => i));
    // labels and second pixel travel with their sample
    for (const part of [train, test]) for (let k = 0; k < part.n; k++) {
      expect(part.y[k]).toBe(part.x[2 * k]! % 3);
      expect(part.x[2 * k + 1]).toBe(Math.fround(part.x[2 * k]! / 1000));
    }
    expect(test.shape).toEqual([1, 1, 2]);
  });
  it('is deterministic in the seed and shuffles both parts', () => {
    const ds = indexed(200);
    const a = splitDataset(ds, { seed: 9 });
    expect(splitDataset(ds, { seed: 9 }).test.x).toEqual(a.test.x);
    expect(splitDataset(ds, { seed: 10 }).test.x).not.toEqual(a.test.x);
    expect(ids(a.train)).not.toEqual([...ids(a.train)].sort((p, q) => p - q));
  });
  it('defaults to seed 0 and a 20% test set; 0 and 1 put everything on one side', () => {
    const ds = indexed(50);
    expect(splitDataset(ds).test.n).toBe(10);
    expect(splitDataset(ds).test.x).toEqual(splitDataset(ds, { seed: 0, testFraction: 0.2 }).test.x);
    expect(splitDataset(ds, { testFraction: 0 }).train.n).toBe(50);
    expect(splitDataset(ds, { testFraction: 1 }).test.n).toBe(50);
    expect(() => splitDataset(ds, { testFraction: 1.5 })).toThrow(/testFraction: must be in \[0, 1\], got 1.5/);
    expect(() => splitDataset(ds, { testFraction: Number.NaN })).toThrow(RangeError);
  });
  it('stratify keeps round(count_c * testFraction) of every class in test', () => {
    // classes of sizes 10, 20, 70: label = 0 for i < 10, 1 for i < 30, else 2
    const base = indexed(100);
    const ds: Dataset = { ...base, y: Int32Array.from({ length: 100 }, (_, i) => (i < 10 ? 0 : i < 30 ? 1 : 2)) };
    const { train, test } = splitDataset(ds, { seed: 1, testFraction: 0.3, stratify: true });
    expect([...classCounts(test)]).toEqual([3, 6, 21]);
    expect([...classCounts(train)]).toEqual([7, 14, 49]);
    expect([...ids(train), ...ids(test)].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});

describe('subset', () => {
  it('copies the samples, masks and boxes at the indices in order and rejects bad indices', () => {
    const base = indexed(5);
    const ds: Dataset = { ...base, masks: base.x.map((v) => v + 1), boxes: [0, 1, 2, 3, 4].map((i) => ({ x0: i, y0: 0, x1: i + 1, y1: 1 })) };
    const s = subset(ds, [4, 1]);
    expect([...s.x]).toEqual([4, Math.fround(0.004), 1, Math.fround(0.001)]);
    expect([...s.masks!]).toEqual([5, Math.fround(1.004), 2, Math.fround(1.001)]);
    expect(s.boxes!.map((b) => b.x0)).toEqual([4, 1]);
    expect([...s.y]).toEqual([1, 1]);
    expect('masks' in subset(base, [0])).toBe(false);
    expect(() => subset(ds, [5])).toThrow(/indices\[0\]: 5 is not a sample index of a dataset of 5/);
  });
});
