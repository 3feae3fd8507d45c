import { describe, expect, it } from 'vitest';
import { tensor } from '../tensor.js';
import { colormapColor } from './colormap.js';
import { heatmap } from './heatmap.js';
import { reduceChannels, sampleDims } from './reduce-channels.js';

const rgbAt = (img: { data: Uint8ClampedArray }, i: number) => [...img.data.subarray(4 * i, 4 * i + 3)];
const rounded = (c: number[]) => c.map(Math.round);

describe('reduceChannels', () => {
  // Two channels of a 1x2 map: pixel 0 has (3, -4), pixel 1 has (-1, 0).
  const chw = tensor([3, -1, -4, 0], [2, 1, 2]);
  it('sum, abs-sum, l2 and max-abs over channels', () => {
    expect([...reduceChannels(chw).data]).toEqual([-1, -1]);
    expect([...reduceChannels(chw, { reduce: 'abs-sum' }).data]).toEqual([7, 1]);
    expect([...reduceChannels(chw, { reduce: 'l2' }).data]).toEqual([5, 1]);
    expect([...reduceChannels(chw, { reduce: 'max-abs' }).data]).toEqual([4, 1]);
  });
  it('reads [H, W, C] when told or when only the last axis looks like channels', () => {
    const hwc = tensor([3, -4, -1, 0], [1, 2, 2]);
    expect([...reduceChannels(hwc, { reduce: 'l2', layout: 'nhwc' }).data]).toEqual([5, 1]);
    expect(sampleDims([28, 28, 3])).toEqual({ c: 3, h: 28, w: 28, layout: 'nhwc' });
    expect(sampleDims([3, 28, 28])).toEqual({ c: 3, h: 28, w: 28, layout: 'nchw' });
    expect(sampleDims([1, 1, 28, 28])).toEqual({ c: 1, h: 28, w: 28, layout: 'nchw' });
    expect(sampleDims([28, 28])).toEqual({ c: 1, h: 28, w: 28, layout: 'nchw' });
    expect(() => sampleDims([2, 1, 28, 28])).toThrow(/sliceBatch/);
    expect(() => reduceChannels(tensor([NaN], [1, 1]))).toThrow(/pixel \(0, 0\) channel 0 is NaN/);
  });
});

describe('heatmap', () => {
  it('signed: zero is white, +clip and -clip the red and blue ends', () => {
    const img = heatmap(tensor([0, 2, -2, 1], [2, 2]), { sign: 'signed', clipPercentile: 100 });
    expect(img.clip).toBe(2);
    expect(rgbAt(img, 0)).toEqual([255, 255, 255]);
    expect(rgbAt(img, 1)).toEqual([180, 30, 40]);
    expect(rgbAt(img, 2)).toEqual([40, 80, 180]);
    expect(rgbAt(img, 3)).toEqual(rounded(colormapColor('blue-white-red', 0.75)));
    expect([...img.data].filter((_, i) => i % 4 === 3)).toEqual([255, 255, 255, 255]);
  });

  it('clips at the given percentile of the magnitudes: everything above it gets the end colour', () => {
    const values = Float32Array.from({ length: 100 }, (_, i) => i + 1);
    const img = heatmap(tensor(values, [10, 10]), { clipPercentile: 90 });
    expect(img.clip).toBeCloseTo(90.1, 5);
    const top = rounded(colormapColor('heat', 1));
    for (let i = 0; i < 100; i++) expect(rgbAt(img, i)).toEqual(i + 1 >= 90.1 ? top : rounded(colormapColor('heat', Math.round(((i + 1) / 90.1) * 256) / 256)));
    // The default 99.5 of 1..100: 99.505, so only the 100 saturates.
    expect(heatmap(tensor(values, [10, 10])).clip).toBeCloseTo(99.505, 4);
  });

  it('absolute ignores the sign; positive and negative show one side as zero', () => {
    const a = tensor([1, -3, 0.5, -0.5], [1, 2, 2]);
    const neg = tensor(a.data.map((v) => -v), [1, 2, 2]);
    expect(heatmap(a, { clipPercentile: 100 }).data).toEqual(heatmap(neg, { clipPercentile: 100 }).data);
    const zero = rounded(colormapColor('heat', 0)), top = rounded(colormapColor('heat', 1));
    const pos = heatmap(a, { sign: 'positive', clipPercentile: 100 });
    expect([0, 1, 2, 3].map((i) => rgbAt(pos, i))).toEqual([top, zero, rounded(colormapColor('heat', 0.5)), zero]);
    const ng = heatmap(a, { sign: 'negative', clipPercentile: 100 });
    expect([0, 1, 2, 3].map((i) => rgbAt(ng, i))).toEqual([zero, top, zero, rounded(colormapColor('heat', Math.round(256 / 6) / 256))]); // 0.5 / 3, quantised to the 257-entry table
  });

  it('falls back to the maximum when the clip percentile of a sparse map is 0; an all-zero map stays at 0', () => {
    const d = new Float32Array(1000); d[17] = 0.3;
    const img = heatmap(tensor(d, [1000, 1]));
    expect(img.clip).toBeCloseTo(0.3, 7);
    expect(rgbAt(img, 17)).toEqual(rounded(colormapColor('heat', 1)));
    const z = heatmap(tensor(new Float32Array(4), [2, 2]), { sign: 'signed' });
    expect(z.clip).toBe(0);
    expect(rgbAt(z, 3)).toEqual([255, 255, 255]);
  });

  it('upsamples (nearest: 2x2 blocks) and makes alpha the magnitude when transparent', () => {
    const img = heatmap(tensor([1, 0, 0, 0.5], [2, 2]), { clipPercentile: 100, width: 4, height: 4, transparent: true });
    expect([img.width, img.height]).toEqual([4, 4]);
    const alpha = [...img.data].filter((_, i) => i % 4 === 3);
    expect(alpha).toEqual([255, 255, 0, 0, 255, 255, 0, 0, 0, 0, 128, 128, 0, 0, 128, 128]);
    const bil = heatmap(tensor([0, 1], [1, 2]), { clipPercentile: 100, width: 4, height: 1, upsample: 'bilinear', colormap: 'greys' });
    expect([...bil.data].filter((_, i) => i % 4 === 0)).toEqual([0, 64, 191, 255]);
  });

  it('refuses a signed view of a reduction that is never negative, and bad percentiles', () => {
    expect(() => heatmap(tensor([1], [1, 1]), { sign: 'signed', reduce: 'l2' })).toThrow(/sign: 'signed' needs .*reduce: 'sum'/);
    expect(() => heatmap(tensor([1], [1, 1]), { clipPercentile: 0 })).toThrow(/clipPercentile/);
    expect(() => heatmap(tensor([1], [1, 1]), { sign: 'both' as never })).toThrow(/sign: expected/);
  });
});
