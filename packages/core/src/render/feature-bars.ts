/**
 * Per-feature attributions as a horizontal bar chart (an RgbaImage to save as PNG): one row per
 * feature, its name on the left, a bar from a centre axis to the right (red, for the explained
 * class) or left (blue, against), scaled by the largest |attribution|, and the value printed.
 */
import type { RgbaImage } from '../image/rgba-image.js';
import { drawText, FONT, textWidth } from './bitmap-font.js';

export interface FeatureBar {
  feature: string;
  attribution: number;
  /** The feature's value, printed after its name. */
  value?: number;
}

export interface FeatureBarsOptions {
  /** A line above the bars. */
  title?: string;
  /** Half-width of the bar area in pixels (each side of the axis). @defaultValue 160 */
  half?: number;
  /** Font scale. @defaultValue 2 */
  scale?: number;
}

const RED: [number, number, number] = [200, 50, 50], BLUE: [number, number, number] = [50, 90, 200];

function fill(img: RgbaImage, x0: number, y0: number, x1: number, y1: number, c: readonly number[]): void {
  for (let y = Math.max(0, y0); y < Math.min(img.height, y1); y++)
    for (let x = Math.max(0, x0); x < Math.min(img.width, x1); x++) {
      const o = 4 * (y * img.width + x);
      img.data[o] = c[0]!; img.data[o + 1] = c[1]!; img.data[o + 2] = c[2]!; img.data[o + 3] = 255;
    }
}

const fmt = (v: number) => (Math.abs(v) >= 100 || (v !== 0 && Math.abs(v) < 0.01) ? v.toExponential(1) : v.toFixed(3));

/**
 * @example savePng(featureBars([{ feature: 'petal_length', value: 4.7, attribution: 1.2 }]), 'bars.png')
 */
export function featureBars(items: readonly FeatureBar[], options: FeatureBarsOptions = {}): RgbaImage {
  if (items.length === 0) throw new RangeError('items: no features to draw');
  const s = options.scale ?? 2, half = options.half ?? 160;
  const label = (b: FeatureBar) => (b.value === undefined ? b.feature : `${b.feature} = ${fmt(b.value)}`);
  const labelW = Math.max(...items.map((b) => textWidth(label(b), s))) + 4 * s;
  const valueW = Math.max(...items.map((b) => textWidth(fmt(b.attribution), s))) + 4 * s;
  const rowH = (FONT.glyphHeight + 4) * s, top = options.title ? rowH + 2 * s : 2 * s;
  const width = Math.max(labelW + 2 * half + valueW + 4 * s, options.title ? textWidth(options.title, s) + 8 * s : 0);
  const height = top + items.length * rowH + 2 * s;
  const img: RgbaImage = { width, height, data: new Uint8ClampedArray(width * height * 4).fill(255) };
  if (options.title) drawText(img, options.title, 2 * s, 2 * s, [0, 0, 0], s);
  const scaleMax = Math.max(...items.map((b) => Math.abs(b.attribution)));
  const axis = labelW + half;
  items.forEach((b, i) => {
    const y = top + i * rowH;
    drawText(img, label(b), 2 * s, y + 2 * s, [0, 0, 0], s);
    const len = scaleMax > 0 ? Math.round((Math.abs(b.attribution) / scaleMax) * half) : 0;
    if (b.attribution >= 0) fill(img, axis, y + s, axis + len, y + rowH - s, RED);
    else fill(img, axis - len, y + s, axis, y + rowH - s, BLUE);
    drawText(img, fmt(b.attribution), axis + half + 4 * s, y + 2 * s, [60, 60, 60], s);
  });
  fill(img, axis, top, axis + 1, top + items.length * rowH, [0, 0, 0]);
  return img;
}
