import { describe, expect, it } from 'vitest';
import { mapDims } from './layout.js';
import { alphaTailFilter } from './tail-filter.js';

describe('mapDims', () => {
  it('reads images, maps and vectors', () => {
    expect(mapDims([3, 4, 5])).toEqual({ channels: 3, height: 4, width: 5, layout: 'nchw' });
    expect(mapDims([8, 5, 3])).toEqual({ channels: 3, height: 8, width: 5, layout: 'nhwc' });
    expect(mapDims([49, 40])).toEqual({ channels: 1, height: 49, width: 40, layout: 'flat' });
    expect(mapDims([12])).toEqual({ channels: 1, height: 1, width: 12, layout: 'flat' });
    expect(mapDims([3, 4, 5], 'flat')).toEqual({ channels: 1, height: 1, width: 60, layout: 'flat' });
    expect(() => mapDims([12], 'nchw')).toThrow(/rank-3/);
  });
});

describe('alphaTailFilter', () => {
  it('1..10, alpha 15: percentiles 2.35 and 8.65 keep {1, 2} and {9, 10}', () => {
    const f = alphaTailFilter(Float32Array.from({ length: 10 }, (_, i) => i + 1), mapDims([10]), { alpha: 15 });
    expect(f.lower[0]).toBeCloseTo(2.35, 6);
    expect(f.upper[0]).toBeCloseTo(8.65, 6);
    expect(Array.from(f.filtered)).toEqual([1, 2, 0, 0, 0, 0, 0, 0, 9, 10]);
    expect(Array.from(f.kept)).toEqual([1, 1, 0, 0, 0, 0, 0, 0, 1, 1]);
  });
  it('per channel, then summed over channels (channels-first and channels-last agree)', () => {
    // 2 channels over a 1 x 5 map; alpha 25: ranks 1 and 3 of 5 values are the thresholds themselves (dropped)
    const c0 = [5, -1, 0, 2, 9], c1 = [10, 20, 30, 40, 50];
    const chw = Float32Array.from([...c0, ...c1]);
    const hwc = Float32Array.from(c0.flatMap((v, i) => [v, c1[i]!]));
    const a = alphaTailFilter(chw, mapDims([2, 1, 5]), { alpha: 25 });
    const b = alphaTailFilter(hwc, mapDims([1, 5, 2], 'nhwc'), { alpha: 25 });
    // c0 sorted -1 0 2 5 9: lower 0, upper 5 -> keeps -1 and 9; c1: lower 20, upper 40 -> keeps 10 and 50
    expect(Array.from(a.lower)).toEqual([0, 20]);
    expect(Array.from(a.upper)).toEqual([5, 40]);
    expect(Array.from(a.filtered)).toEqual([10, -1, 0, 0, 59]);
    expect(Array.from(b.filtered)).toEqual(Array.from(a.filtered));
    expect(Array.from(a.kept)).toEqual([0, 1, 0, 0, 1, 1, 0, 0, 0, 1]);
  });
  it('perChannel false: one pair of percentiles over the whole sample', () => {
    const f = alphaTailFilter(Float32Array.from([5, -1, 0, 2, 9, 10, 20, 30, 40, 50]), mapDims([2, 1, 5]), { alpha: 15, perChannel: false });
    // sorted -1 0 2 5 9 10 20 30 40 50: thresholds 0 + 0.35 * 2 = 0.7 and 30 + 0.65 * 10 = 36.5
    expect(f.lower[0]).toBeCloseTo(0.7, 6);
    expect(f.upper[0]).toBeCloseTo(36.5, 6);
    expect(Array.from(f.kept)).toEqual([0, 1, 1, 0, 0, 0, 0, 0, 1, 1]);
    expect(Array.from(f.filtered)).toEqual([0, -1, 0, 40, 50]);
  });
  it('keeps exactly the tails for any alpha: #kept = 2 (floor(alpha (n - 1) / 100) + 1) on distinct values', () => {
    const v = Float32Array.from({ length: 101 }, (_, i) => ((i * 37) % 101) - 50); // a permutation of -50..50
    for (const alpha of [0.5, 1, 5, 12.3, 15, 33, 49.9]) {
      const rank = (alpha * 100) / 100;
      const expected = Number.isInteger(rank) ? 2 * rank : 2 * (Math.floor(rank) + 1);
      const { kept } = alphaTailFilter(v, mapDims([101]), { alpha });
      expect(kept.reduce((a, b) => a + b, 0)).toBe(expected);
    }
  });
  it('alpha 0 and an all-zero delta keep nothing; alpha 50 keeps all but the median', () => {
    const v = Float32Array.of(3, 1, 2);
    expect(alphaTailFilter(v, mapDims([3]), { alpha: 0 }).kept.reduce((a, b) => a + b, 0)).toBe(0);
    expect(alphaTailFilter(new Float32Array(6), mapDims([6])).filtered.every((x) => x === 0)).toBe(true);
    expect(Array.from(alphaTailFilter(v, mapDims([3]), { alpha: 50 }).kept)).toEqual([1, 1, 0]);
  });
  it('rejects alpha outside [0, 50] and wrong lengths', () => {
    expect(() => alphaTailFilter([1, 2], mapDims([2]), { alpha: 60 })).toThrow(/alpha: must be a percentage in \[0, 50\]/);
    expect(() => alphaTailFilter([1, 2, 3], mapDims([2]))).toThrow(/delta: has 3 values/);
  });
});
