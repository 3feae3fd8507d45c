import { describe, expect, it } from 'vitest';
import { tensor } from '../tensor.js';
import { featureImage, srgbToLab } from './color.js';

describe('srgbToLab (D65, CIE 1976)', () => {
  it.each([
    ['white', [1, 1, 1], [100, 0, 0]],
    ['black', [0, 0, 0], [0, 0, 0]],
    ['red', [1, 0, 0], [53.24, 80.09, 67.2]],
    ['green', [0, 1, 0], [87.73, -86.18, 83.18]],
    ['blue', [0, 0, 1], [32.3, 79.19, -107.86]],
    ['mid grey', [0.5, 0.5, 0.5], [53.39, 0, 0]],
  ] as const)('%s', (_, rgb, lab) => {
    const got = srgbToLab(rgb[0], rgb[1], rgb[2]);
    for (let k = 0; k < 3; k++) expect(got[k]).toBeCloseTo(lab[k]!, 1);
  });
  it('the linear segment of the sRGB curve: a dark grey 0.02 has L = 116 * (7.787 * Y + 16/116) - 16', () => {
    const y = 0.02 / 12.92;
    expect(srgbToLab(0.02, 0.02, 0.02)[0]).toBeCloseTo(116 * 7.787 * y, 6);
  });
});

describe('featureImage', () => {
  it('interleaves Lab per pixel, reading channels-first and channels-last alike', () => {
    const chw = tensor([1, 0, 0, 1, 0, 0], [3, 1, 2]); // pixel 0 red, pixel 1 green
    const hwc = tensor([1, 0, 0, 0, 1, 0], [1, 2, 3]);
    for (const [img, layout] of [[chw, 'nchw'], [hwc, 'nhwc']] as const) {
      const f = featureImage(img, { layout });
      expect([f.channels, f.height, f.width]).toEqual([3, 1, 2]);
      expect(f.data[1]).toBeCloseTo(80.09, 1);
      expect(f.data[4]).toBeCloseTo(-86.18, 1);
    }
  });
  it("'raw' maps range to 0..100; 'lab' rejects a 1-channel image", () => {
    const f = featureImage(tensor([0, 127.5, 255, 51], [2, 2]), { range: [0, 255] });
    expect(Array.from(f.data)).toEqual([0, 50, 100, 20]);
    expect(() => featureImage(tensor([0, 1], [1, 2]), { colorSpace: 'lab' })).toThrow(/colorSpace.*3 \(RGB\) channels/);
    expect(() => featureImage(tensor([0, 1], [1, 2]), { range: [1, 1] })).toThrow(/range/);
  });
  it('smoothing keeps a constant image constant', () => {
    const f = featureImage(tensor(new Float32Array(3 * 5 * 5).fill(0.5), [3, 5, 5]), {}, 1.5);
    for (let i = 0; i < 25; i++) expect(f.data[3 * i]).toBeCloseTo(53.39, 1);
  });
});
