/** The `mnist` package's 10,000 digits: counts, values against a JSON.parse reference, the seeded split. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classCounts } from '@axplain/core';
import { loadMnist, MNIST_LABELS, readMnist } from './mnist.js';
import { packageDirectory } from './npm-images.js';
import { mismatches } from '@axplain/core/testing';

const all = readMnist();
const bytes = (a: Float32Array | Int32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe('readMnist', () => {
  it('holds the 10,000 digits, class by class, 28x28 in [0, 1]', () => {
    expect(all.n).toBe(10_000);
    expect(all.shape).toEqual([1, 28, 28]);
    expect(all.x.length).toBe(10_000 * 784);
    expect([...classCounts(all)]).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    expect(all.y[0]).toBe(0);
    expect(all.y[9999]).toBe(9);
    expect(all.labels).toEqual(MNIST_LABELS);
    let min = Infinity, max = -Infinity;
    for (const v of all.x) { if (v < min) min = v; if (v > max) max = v; }
    expect([min, max]).toEqual([0, 1]);
    // every digit has ink: mean intensity of MNIST digits is about 0.13
    const mean = all.x.reduce((s, v) => s + v, 0) / all.x.length;
    expect(mean).toBeGreaterThan(0.1);
    expect(mean).toBeLessThan(0.16);
  });
  it('equals JSON.parse of the package file, value for value', () => {
    const ref = (JSON.parse(readFileSync(join(packageDirectory('mnist'), 'src/digits/7.json'), 'utf8')) as { data: number[] }).data;
    const start = (1001 + 1127 + 991 + 1032 + 980 + 863 + 1014) * 784;
    expect(ref.length).toBe(1070 * 784);
    expect(mismatches(all.x.subarray(start, start + ref.length), Float32Array.from(ref))).toBe(0);
  });
  it('limitPerClass reads the first digits of each class', () => {
    const few = readMnist({ limitPerClass: 3 });
    expect([...few.y]).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6, 7, 7, 7, 8, 8, 8, 9, 9, 9]);
    expect(mismatches(few.x.subarray(3 * 784, 4 * 784), all.x.subarray(1001 * 784, 1002 * 784))).toBe(0);
    expect(() => readMnist({ limitPerClass: 0 })).toThrow(/limitPerClass: must be an integer >= 1/);
  });
});

describe('loadMnist', () => {
  it('splits 8,000 / 2,000 with every class on both sides', () => {
    const { train, test } = loadMnist({ seed: 0 });
    expect([train.n, test.n]).toEqual([8000, 2000]);
    expect(train.x.length).toBe(8000 * 784);
    expect(classCounts(train).every((c) => c > 600)).toBe(true);
    expect(classCounts(test).every((c) => c > 140)).toBe(true);
    const sum = (a: Int32Array, b: Int32Array) => a.map((v, i) => v + b[i]!);
    expect([...sum(classCounts(train), classCounts(test))]).toEqual([...classCounts(all)]);
  });
  it('gives the same bytes for the same seed and another split for another seed', () => {
    const a = loadMnist({ seed: 5, testFraction: 0.1 });
    const b = loadMnist({ seed: 5, testFraction: 0.1 });
    expect(bytes(a.test.x).equals(bytes(b.test.x))).toBe(true);
    expect(bytes(a.train.y).equals(bytes(b.train.y))).toBe(true);
    const c = loadMnist({ seed: 6, testFraction: 0.1 });
    expect(bytes(a.test.x).equals(bytes(c.test.x))).toBe(false);
    // total pixel mass is preserved across the split (same multiset of digits)
    const mass = (x: Float32Array) => x.reduce((s, v) => s + v, 0);
    expect(mass(a.train.x) + mass(a.test.x)).toBeCloseTo(mass(c.train.x) + mass(c.test.x), -1);
  });
  it('stratify gives exactly round(count_c * f) of each class in test', () => {
    const { test } = loadMnist({ seed: 1, testFraction: 0.1, stratify: true });
    expect([...classCounts(test)]).toEqual([100, 113, 99, 103, 98, 86, 101, 107, 94, 98]);
  });
});
