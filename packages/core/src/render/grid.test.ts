import { describe, expect, it } from 'vitest';
import { createImage, type RgbaImage } from '../image/rgba-image.js';
import { tensor } from '../tensor.js';
import { ShapeMismatchError } from '../errors.js';
import { drawText, fitText, textWidth } from './bitmap-font.js';
import { fitTitle, grid } from './grid.js';
import { overlay } from './overlay.js';
import { renderAttribution } from './render-attribution.js';

const px = (img: RgbaImage, x: number, y: number) => [...img.data.subarray(4 * (y * img.width + x), 4 * (y * img.width + x) + 4)];

describe('overlay', () => {
  const base = createImage(2, 1, [10, 20, 30, 200]);
  const heat: RgbaImage = { width: 2, height: 1, data: Uint8ClampedArray.from([250, 120, 0, 255, 250, 120, 0, 0]) };
  it('alpha 0 is the base, alpha 1 the (opaque) heatmap, 0.5 the midpoint; transparent heat pixels leave the base', () => {
    expect([...overlay(base, heat, 0).data]).toEqual([...base.data]);
    expect(px(overlay(base, heat, 1), 0, 0)).toEqual([250, 120, 0, 200]);
    expect(px(overlay(base, heat, 0.5), 0, 0)).toEqual([130, 70, 15, 200]);
    expect(px(overlay(base, heat, 1), 1, 0)).toEqual([10, 20, 30, 200]);
  });
  it('names both sizes when they differ', () => {
    expect(() => overlay(base, createImage(3, 1), 0.5)).toThrow(/heat: is 3x1 but base is 2x1/);
    expect(() => overlay(base, heat, 1.5)).toThrow(/alpha: must be in \[0, 1\]/);
  });
});

describe('bitmap font', () => {
  it('draws glyph bits as pixels, scaled in blocks', () => {
    const img = createImage(7, 5, [255, 255, 255]);
    drawText(img, 'iT', 0, 0, [0, 0, 0]);
    const rows = Array.from({ length: 5 }, (_, y) => Array.from({ length: 7 }, (_, x) => (px(img, x, y)[0] === 0 ? '#' : '.')).join(''));
    expect(rows).toEqual(['###.###', '.#...#.', '.#...#.', '.#...#.', '###..#.']);
    const big = createImage(6, 10, [255, 255, 255]);
    drawText(big, '-', 0, 0, [9, 9, 9], 2);
    expect(px(big, 0, 4)[0]).toBe(9); expect(px(big, 5, 5)[0]).toBe(9); expect(px(big, 0, 3)[0]).toBe(255);
    expect(textWidth('abc')).toBe(11);
    expect(textWidth('abc', 3)).toBe(33);
    expect(fitText('saliency', 15)).toBe('sali');
  });
});

describe('grid', () => {
  const cell = (v: number, w = 28, h = 28) => createImage(w, h, [v, v, v]);
  it('has padding + sum of column widths, rows as tall as their tallest image', () => {
    const g = grid([{ image: cell(0) }, { image: cell(50) }, { image: cell(100) }], { columns: 2, padding: 2, background: [1, 2, 3] });
    expect([g.width, g.height]).toEqual([62, 62]);
    expect(g.cells.map((c) => [c.x, c.y])).toEqual([[2, 2], [32, 2], [2, 32]]);
    expect(px(g, 0, 0)).toEqual([1, 2, 3, 255]);
    expect(px(g, 33, 3)).toEqual([50, 50, 50, 255]);
    expect(px(g, 40, 40)).toEqual([1, 2, 3, 255]); // the empty fourth slot
  });
  it('adds a (5 + 2) * fontScale title band to every row and centres smaller images', () => {
    const g = grid([{ image: cell(0), title: 'x' }, { image: cell(200, 10, 20) }], { padding: 1 });
    expect([g.width, g.height]).toEqual([1 + 28 + 1 + 10 + 1, 1 + 7 + 28 + 1]);
    expect(g.cells[0]).toEqual({ x: 1, y: 8, width: 28, height: 28, title: { text: 'x', x: 1 + 12, y: 2, scale: 1 } }); // (28 - 3) / 2 rounded down
    expect(g.cells[1]).toMatchObject({ x: 30, y: 8 + 4 });
    expect(px(g, 13, 2)).toEqual([0, 0, 0, 255]); // top-left pixel of 'X', black on white
    const big = grid([{ image: cell(0, 224, 224), title: 'saliency' }]);
    expect(big.height).toBe(4 + 21 + 224 + 4); // fontScale floor(224 / 64) = 3
  });
  it('draws a long title smaller, or cut with "..", never past its column', () => {
    const long = 'axai (class 0 (tench))'; // 22 glyphs: 261 px at scale 3, 174 px at scale 2
    const g = grid([{ image: cell(0, 224, 224), title: long }]);
    expect(g.cells[0]!.title).toEqual({ text: long, scale: 2, x: 4 + Math.floor((224 - 174) / 2), y: 4 + Math.floor((21 - 10) / 2) });
    expect(g.height).toBe(4 + 21 + 224 + 4); // the band keeps its height
    const cut = grid([{ image: cell(0, 40, 40), title: long }], { padding: 0 }).cells[0]!.title!;
    expect(cut).toMatchObject({ scale: 1, text: 'axai (cl..' }); // 10 glyphs: 39 px <= 40
    expect(fitTitle('ok', 100, 3)).toEqual({ text: 'ok', scale: 3 });
  });
  it('composites transparent images over the background', () => {
    const g = grid([{ image: createImage(1, 1, [200, 0, 0, 0]) }], { padding: 0, background: [0, 0, 100] });
    expect(px(g, 0, 0)).toEqual([0, 0, 100, 255]);
  });
});

describe('renderAttribution', () => {
  const digit = createImage(28, 28, [0, 0, 0]);
  for (let y = 8; y < 20; y++) digit.data.fill(255, 4 * (y * 28 + 13), 4 * (y * 28 + 15));
  const attr = tensor(Float32Array.from({ length: 784 }, (_, i) => (i % 28 === 13 ? 1 : 0)), [1, 1, 28, 28]);
  const spec = { width: 28, height: 28, channels: 'grey' as const };

  it('magnifies a 28x28 map to 224x224 and leaves the base where the map is zero', () => {
    const img = renderAttribution({ input: digit, attribution: attr, spec, sign: 'signed', clipPercentile: 100, alpha: 0.6 });
    expect([img.width, img.height]).toEqual([224, 224]);
    expect(px(img, 0, 0)).toEqual([0, 0, 0, 255]); // attribution 0: fully transparent heat over black
    // Column 13 (pixels 104..111) at row 10: white stroke blended with the red end at alpha 0.6.
    expect(px(img, 105, 85)).toEqual([255 - 0.6 * 75, 255 - 0.6 * 225, 255 - 0.6 * 215, 255].map(Math.round));
  });

  it('side-by-side lays out input | heatmap | overlay; heatmap mode needs no input', () => {
    const g = renderAttribution({ input: digit, attribution: attr, spec, mode: 'side-by-side' }) as RgbaImage & { cells: unknown[] };
    // The attribution panel carries a colour bar: a 10-pixel strip and a 2 * (1 + 5 + 1)-pixel value band at font scale 2.
    expect([g.width, g.height]).toEqual([4 + 3 * (224 + 4), 4 + 21 + 224 + 10 + 14 + 4]);
    expect(g.cells).toHaveLength(3);
    const h = renderAttribution({ attribution: attr, minSize: 0 });
    expect([h.width, h.height]).toEqual([28, 28]);
  });

  it('cuts a larger photo to the model view first; rejects maps of another size', () => {
    const photo = createImage(84, 56, [10, 10, 10]);
    const img = renderAttribution({ input: photo, attribution: attr, spec: { ...spec, resize: 'shorter-side' } });
    expect([img.width, img.height]).toEqual([224, 224]);
    expect(() => renderAttribution({ input: digit, attribution: tensor(new Float32Array(16), [4, 4]), spec })).toThrow(ShapeMismatchError);
    expect(() => renderAttribution({ attribution: attr, mode: 'overlay' })).toThrow(/input: mode 'overlay' needs the input image/);
  });
});
