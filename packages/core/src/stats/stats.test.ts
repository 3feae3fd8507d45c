import { describe, expect, it } from 'vitest';
import { argmax, bootstrap, median, percentile } from './index.js';

describe('stats', () => {
  it('median: middle value, mean of the two middle values on even counts, null on none', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
    expect(percentile([0, 10], 25)).toBe(2.5);
  });
  it('argmax: first index on ties, within a range', () => {
    expect(argmax([0.1, 0.7, 0.7])).toBe(1);
    expect(argmax([5, 0, 9, 9], 1, 3)).toBe(1);
    expect(() => argmax([])).toThrow(RangeError);
  });
  it('bootstrap: a constant sample has a zero-width interval; seeded; the interval holds the estimate', () => {
    expect(bootstrap([2, 2, 2, 2])).toMatchObject({ estimate: 2, low: 2, high: 2 });
    const v = Array.from({ length: 200 }, (_, i) => Math.sin(i * 12.9898) * 10);
    const a = bootstrap(v, { seed: 3 }), b = bootstrap(v, { seed: 3 }), c = bootstrap(v, { seed: 4 });
    expect(a).toEqual(b);
    expect(a.low).not.toBe(c.low);
    expect(a.low).toBeLessThan(a.estimate);
    expect(a.high).toBeGreaterThan(a.estimate);
    // The standard error of a mean of 200 values of sd s is s / sqrt(200); a 95% interval spans about 2 x 1.96 of it.
    const mu = a.estimate, sd = Math.sqrt(v.reduce((s, x) => s + (x - mu) ** 2, 0) / v.length);
    expect((a.high - a.low) / ((2 * 1.96 * sd) / Math.sqrt(200))).toBeGreaterThan(0.85);
    expect((a.high - a.low) / ((2 * 1.96 * sd) / Math.sqrt(200))).toBeLessThan(1.15);
    expect(() => bootstrap(v, { confidence: 1 })).toThrow('confidence: must be a number in (0, 1), got 1');
    expect(bootstrap(v, { seed: 1 }, (s) => median(s)!).estimate).toBe(median(v));
  });
});
