import { describe, expect, it } from 'vitest';
import { COLORMAPS, colormapColor, colormapLut, resolveColormap } from './colormap.js';
import { percentile } from '../stats/quantile.js';

describe('colormaps', () => {
  it('blue-white-red: blue at 0, exactly white at 0.5, red at 1, linear between stops', () => {
    expect(colormapColor('blue-white-red', 0)).toEqual([40, 80, 180]);
    expect(colormapColor('blue-white-red', 0.5)).toEqual([255, 255, 255]);
    expect(colormapColor('blue-white-red', 1)).toEqual([180, 30, 40]);
    expect(colormapColor('blue-white-red', 0.125)).toEqual([90, 127.5, 205]);
    expect(colormapColor('blue-white-red', -3)).toEqual([40, 80, 180]); // clamped
    expect(colormapLut('greys', 3)).toEqual(Uint8ClampedArray.from([0, 0, 0, 128, 128, 128, 255, 255, 255]));
  });

  it('sequential maps get strictly brighter (BT.601 luma) from 0 to 1', () => {
    for (const name of ['heat', 'aurora', 'greys'] as const) {
      const lut = colormapLut(name, 64);
      let last = -1;
      for (let i = 0; i < 64; i++) {
        const y = 0.299 * lut[3 * i]! + 0.587 * lut[3 * i + 1]! + 0.114 * lut[3 * i + 2]!;
        expect(y, `${name} at ${i}`).toBeGreaterThan(last);
        last = y;
      }
      expect(COLORMAPS[name].diverging).toBe(false);
    }
    expect(colormapColor('heat', 0)).toEqual([0, 0, 4]);
  });

  it('checks custom maps and names the built-ins on a typo', () => {
    expect(() => resolveColormap('viridis' as never)).toThrow(/unknown colormap 'viridis'; the built-in ones are: blue-white-red, heat, aurora, greys/);
    expect(() => resolveColormap({ name: 'x', diverging: false, stops: [[0, 0, 0, 0], [0.5, 1, 1, 1]] })).toThrow(/from 0 to 1/);
    expect(colormapColor({ name: 'x', diverging: false, stops: [[0, 0, 0, 0], [1, 100, 200, 0]] }, 0.25)).toEqual([25, 50, 0]);
  });
});

describe('percentile', () => {
  it('interpolates linearly between order statistics', () => {
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([10, 0], 25)).toBe(2.5);
    expect(percentile([3, 9, 1], 100)).toBe(9);
    expect(percentile([3, 9, 1], 0)).toBe(1);
    expect(percentile(Float32Array.from({ length: 100 }, (_, i) => i + 1), 99.5)).toBeCloseTo(99.505, 10);
    expect(() => percentile([1, NaN], 50)).toThrow(/NaN/);
    expect(() => percentile([1], 101)).toThrow(/p: must be a percentile/);
  });
});
