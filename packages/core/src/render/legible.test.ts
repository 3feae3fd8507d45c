/** Pictures a reader understands without the docs: colour bars, outlined ranked segments, display smoothing. */
import { describe, expect, it } from 'vitest';
import { ShapeMismatchError } from '../errors.js';
import { createImage } from '../image/rgba-image.js';
import { tensor } from '../tensor.js';
import { colorBar } from './color-bar.js';
import { colormapColor } from './colormap.js';
import { renderAttribution } from './render-attribution.js';
import { segmentOutlines } from './segment-outlines.js';

const rgbAt = (img: { width: number; data: Uint8ClampedArray }, x: number, y: number) => [...img.data.subarray(4 * (y * img.width + x), 4 * (y * img.width + x) + 3)];
const dark = (c: number[]) => c.every((v) => v < 80);
const cm = (name: 'blue-white-red' | 'heat', t: number) => colormapColor(name, t).map(Math.round);

describe('colorBar', () => {
  it('runs the colormap from low (left) to high (right), with the values written under it', () => {
    const bar = colorBar({ clip: 0.36, sign: 'signed', width: 224 });
    expect(rgbAt(bar, 0, 5)).toEqual(cm('blue-white-red', 0));
    expect(rgbAt(bar, 223, 5)).toEqual(cm('blue-white-red', 1));
    expect(rgbAt(bar, 112, 5)).toEqual(cm('blue-white-red', 112 / 223));
    // Labels: dark glyph pixels at both ends and (signed) in the middle of the text band; none elsewhere in the band's middle thirds.
    const band = (x0: number, x1: number) => { let n = 0; for (let y = 12; y < bar.height; y++) for (let x = x0; x < x1; x++) if (dark(rgbAt(bar, x, y))) n++; return n; };
    expect(band(0, 20)).toBeGreaterThan(5);
    expect(band(204, 224)).toBeGreaterThan(5);
    expect(band(108, 116)).toBeGreaterThan(3);
    expect(band(50, 90)).toBe(0);
    const plain = colorBar({ clip: 2.5e4, width: 224 });
    expect(rgbAt(plain, 0, 0)).toEqual(cm('heat', 0));
    let mid = 0;
    for (let y = 12; y < plain.height; y++) for (let x = 108; x < 116; x++) if (dark(rgbAt(plain, x, y))) mid++;
    expect(mid).toBe(0);
  });

  it('rejects a negative clip or width 0, naming the option', () => {
    expect(() => colorBar({ clip: -1, width: 10 })).toThrow(/^clip: /);
    expect(() => colorBar({ clip: 1, width: 0 })).toThrow(/^width: /);
  });
});

describe('segmentOutlines', () => {
  // 8x8 image, four 4x4 quadrant segments 0 1 / 2 3; grey 100.
  const image = createImage(8, 8, [100, 100, 100, 255]);
  const labels = Array.from({ length: 64 }, (_, i) => (Math.floor(i / 8) < 4 ? 0 : 2) + (i % 8 < 4 ? 0 : 1));

  it('tints and outlines the selected segments, leaves the others grey, and numbers them by rank', () => {
    const img = segmentOutlines({ image, labels, selected: [3, 0], minSize: 64 });
    expect([img.width, img.height]).toEqual([64, 64]);
    // Segment 1 (top right) is not selected: grey.
    expect(rgbAt(img, 48, 8)).toEqual([100, 100, 100]);
    // The border of segment 3 is outlined in red; its inside, away from the label, is tinted red.
    expect(rgbAt(img, 32, 60)).toEqual([255, 40, 40]);
    expect(rgbAt(img, 63, 63)).toEqual([255, 40, 40]);
    const tint = rgbAt(img, 36, 36);
    expect(tint[0]).toBeGreaterThan(tint[1]!);
    expect(tint[1]).toBe(tint[2]);
    // Rank labels sit in a white box near each segment's deepest pixel: 1 in segment 3, 2 in segment 0.
    const white = (x0: number, y0: number) => { let n = 0; for (let y = y0; y < y0 + 32; y++) for (let x = x0; x < x0 + 32; x++) if (rgbAt(img, x, y).every((v) => v === 255)) n++; return n; };
    expect(white(32, 32)).toBeGreaterThan(10);
    expect(white(0, 0)).toBeGreaterThan(10);
    expect(white(32, 0)).toBe(0);
  });

  it('draws no number beyond maxLabels, and names a labels array of the wrong size', () => {
    const img = segmentOutlines({ image, labels, selected: [3, 0], minSize: 64, maxLabels: 1 });
    let white = 0;
    for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) if (rgbAt(img, x, y).every((v) => v === 255)) white++;
    expect(white).toBe(0);
    expect(() => segmentOutlines({ image, labels: labels.slice(1), selected: [0] })).toThrow(ShapeMismatchError);
  });
});

describe('renderAttribution for people', () => {
  const oneHot = () => { const d = new Float32Array(81); d[40] = 1; return tensor(d, [1, 1, 9, 9]); };
  const input = createImage(9, 9, [0, 0, 0, 255]);

  it('side-by-side carries a colour bar under the attribution (colorBar: false drops it)', () => {
    const withBar = renderAttribution({ attribution: oneHot(), input, mode: 'side-by-side', minSize: 90 });
    const without = renderAttribution({ attribution: oneHot(), input, mode: 'side-by-side', minSize: 90, colorBar: false });
    expect(withBar.width).toBe(without.width);
    expect(withBar.height).toBeGreaterThan(without.height + 10);
  });

  it('smooth blurs the displayed map only: a one-hot map spreads to its neighbours, the tensor is untouched', () => {
    const a = oneHot();
    const sharp = renderAttribution({ attribution: a, mode: 'heatmap', minSize: 0 });
    const soft = renderAttribution({ attribution: a, mode: 'heatmap', minSize: 0, smooth: 1 });
    const zero = rgbAt(sharp, 0, 0);
    expect(rgbAt(sharp, 5, 4)).toEqual(zero);
    expect(rgbAt(soft, 5, 4)).not.toEqual(zero);
    expect(rgbAt(soft, 0, 0)).toEqual(zero);
    expect(a.data[40]).toBe(1);
    expect([...a.data].filter((v) => v !== 0)).toEqual([1]);
    expect(() => renderAttribution({ attribution: a, mode: 'heatmap', smooth: -1 })).toThrow(/^smooth: /);
  });
});
