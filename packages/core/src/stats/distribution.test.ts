import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.js';
import { histogram, mean, quantiles, quantileSorted, skewness } from './index.js';

describe('quantiles (numpy linear)', () => {
  it('interpolates between order statistics at rank p (n - 1) / 100', () => {
    expect(Array.from(quantiles([4, 1, 3, 2], [0, 50, 100]))).toEqual([1, 2.5, 4]);
    // ranks 1.35 and 7.65 of 1..10
    const q = quantiles(Float64Array.from({ length: 10 }, (_, i) => 10 - i), [15, 85]);
    expect(q[0]).toBeCloseTo(2.35, 12);
    expect(q[1]).toBeCloseTo(8.65, 12);
    expect(quantileSorted([5], 37)).toBe(5);
  });
  it('rejects empty input, NaN and percentiles outside [0, 100]', () => {
    expect(() => quantiles([], [50])).toThrow(/no values/);
    expect(() => quantiles([1, NaN], [50])).toThrow(/value 1 is NaN/);
    expect(() => quantiles([1], [101])).toThrow(/p: must be a percentile/);
  });
});

describe('skewness (Fisher-Pearson)', () => {
  it('matches the hand computation on [1, 2, 3, 10]: m2 = 12.5, m3 = 45', () => {
    expect(skewness([1, 2, 3, 10])).toBeCloseTo(45 / 12.5 ** 1.5, 12); // 1.018233
    expect(skewness([1, 2, 3, 10])).toBeCloseTo(1.018233, 5);
    expect(skewness([1, 2, 3, 10], { adjusted: true })).toBeCloseTo((45 / 12.5 ** 1.5) * Math.sqrt(12) / 2, 12); // 1.763632
  });
  it('is 0 for a symmetric sample, flips sign under negation, NaN for a constant one', () => {
    expect(skewness([-3, -1, 0, 1, 3])).toBe(0);
    expect(skewness([-1, -2, -3, -10])).toBeCloseTo(-1.018233, 5);
    expect(skewness([2, 2, 2])).toBeNaN();
  });
  it('an exponential sample has skewness near 2', () => {
    const rng = new Rng(5);
    const v = Float64Array.from({ length: 100_000 }, () => -Math.log(1 - rng.next()));
    expect(skewness(v)).toBeGreaterThan(1.85);
    expect(skewness(v)).toBeLessThan(2.15);
    expect(mean(v)).toBeCloseTo(1, 1);
  });
});

describe('histogram', () => {
  it('equal-width bins, the last one closed', () => {
    const h = histogram([0, 0.5, 1, 1, 2], { bins: 4 });
    expect(Array.from(h.edges)).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(Array.from(h.counts)).toEqual([1, 1, 2, 1]);
  });
  it('a given range drops the values outside it; a constant sample spans v +- 0.5', () => {
    expect(Array.from(histogram([-1, 0.1, 0.2, 3], { bins: 2, range: [0, 1] }).counts)).toEqual([2, 0]);
    const h = histogram([7, 7], { bins: 1 });
    expect(Array.from(h.edges)).toEqual([6.5, 7.5]);
    expect(Array.from(h.counts)).toEqual([2]);
  });
  it('counts every value of a large sample once (no spread of the array into Math.min)', () => {
    const rng = new Rng(1);
    const v = rng.fillNormal(300_000);
    const h = histogram(v, { bins: 50 });
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(300_000);
    // a normal sample peaks in the middle bins
    expect(h.counts.indexOf(Math.max(...h.counts))).toBeGreaterThan(20);
    expect(h.counts.indexOf(Math.max(...h.counts))).toBeLessThan(30);
  });
  it('rejects bad bins', () => {
    expect(() => histogram([1], { bins: 0 })).toThrow(/bins/);
  });
});
