/**
 * A colour bar: the heatmap's colours from its low to its high end, with the attribution values
 * they stand for, so a reader knows what "red" means without the docs.
 */
import { createImage, type RgbaImage } from '../image/rgba-image.js';
import { checkInteger, checkNumber } from '../validate.js';
import { drawText, FONT, textWidth } from './bitmap-font.js';
import { colormapColor, type Colormap, type ColormapName } from './colormap.js';
import type { HeatmapSign } from './heatmap.js';

export interface ColorBarOptions {
  /** The heatmap's clip value (`HeatmapImage.clip`): the extreme colour stands for it. */
  clip: number;
  /** @defaultValue 'absolute' */
  sign?: HeatmapSign;
  /** @defaultValue 'blue-white-red' for 'signed', 'heat' otherwise (as `heatmap`) */
  colormap?: ColormapName | Colormap;
  /** Width in pixels (the heatmap's). */
  width: number;
  /** Height of the colour strip. @defaultValue 10 */
  stripHeight?: number;
  /** Font magnification of the value labels. @defaultValue max(1, floor(width / 112)) */
  fontScale?: number;
}

/** A number in at most 3 significant digits, without a trailing exponent when it fits. */
const label = (v: number): string => (v === 0 ? '0' : Math.abs(v) >= 1e-2 && Math.abs(v) < 1e4 ? String(+v.toPrecision(3)) : v.toExponential(1));

/**
 * The bar: a horizontal strip from the map's low end (left) to its high end (right), and under
 * it the values at both ends (and 0 in the middle for signed maps).
 * @example const bar = colorBar({ clip: heat.clip, sign: 'signed', width: heat.width });
 */
export function colorBar(options: ColorBarOptions): RgbaImage {
  const { clip, width, stripHeight = 10, sign = 'absolute' } = options;
  checkNumber('clip', clip, { min: 0 });
  checkInteger('width', width, { min: 1 });
  checkInteger('stripHeight', stripHeight, { min: 1 });
  const scale = options.fontScale ?? Math.max(1, Math.floor(width / 112));
  const colormap = options.colormap ?? (sign === 'signed' ? 'blue-white-red' : 'heat');
  const textH = FONT.glyphHeight * scale;
  const img = createImage(width, stripHeight + 2 * scale + textH, [255, 255, 255, 255]);
  for (let x = 0; x < width; x++) {
    const t = width === 1 ? 1 : x / (width - 1);
    // Signed maps run -clip..+clip (colormap position 0..1); the others 0..clip.
    const [r, g, b] = colormapColor(colormap, t);
    for (let y = 0; y < stripHeight; y++) img.data.set([r, g, b, 255], (y * width + x) * 4);
  }
  const y = stripHeight + scale;
  const [lo, hi] = sign === 'signed' ? [-clip, clip] : sign === 'negative' ? [0, -clip] : [0, clip];
  const black = [0, 0, 0] as const;
  drawText(img, label(lo), 0, y, [...black], scale);
  const right = label(hi);
  drawText(img, right, Math.max(0, width - textWidth(right, scale)), y, [...black], scale);
  if (sign === 'signed') drawText(img, '0', Math.round(width / 2 - textWidth('0', scale) / 2), y, [...black], scale);
  return img;
}
