/**
 * Attribution sample -> coloured image: reduce channels, pick the sign, scale by a high
 * percentile (so a few extreme pixels do not wash the rest out), colour.
 */
import type { Tensor } from '../tensor.js';
import { resizePlanar, type ResizeMethod } from '../image/resize.js';
import type { RgbaImage } from '../image/rgba-image.js';
import { checkNumber } from '../validate.js';
import { colormapLut, resolveColormap, type Colormap, type ColormapName } from './colormap.js';
import { percentile } from '../stats/quantile.js';
import { reduceChannels, type ReduceChannelsOptions, type ScalarMap } from './reduce-channels.js';

/**
 * 'signed': keep the sign (diverging colours, zero in the middle); 'absolute': |map|;
 * 'positive' / 'negative': only the evidence for / against (the other side shows as zero).
 */
export type HeatmapSign = 'signed' | 'absolute' | 'positive' | 'negative';

export interface HeatmapOptions extends ReduceChannelsOptions {
  /** Which part of the map to show. 'signed' and 'negative' need `reduce: 'sum'`. @defaultValue 'absolute' */
  sign?: HeatmapSign;
  /**
   * Values at or above this percentile of the shown magnitudes get the extreme colour (100: the
   * maximum). @defaultValue 99.5
   */
  clipPercentile?: number;
  /** @defaultValue 'blue-white-red' for 'signed', 'heat' otherwise */
  colormap?: ColormapName | Colormap;
  /** Output width (the map is resampled). @defaultValue the map's width */
  width?: number;
  /** Output height. @defaultValue the map's height */
  height?: number;
  /** Resampling when the output size differs from the map's. @defaultValue 'nearest' */
  upsample?: ResizeMethod;
  /** Alpha proportional to the shown magnitude (0 is fully transparent), for overlays. @defaultValue false */
  transparent?: boolean;
}

/** A heatmap with the attribution value its extreme colour stands for. */
export interface HeatmapImage extends RgbaImage {
  /** The clip value: magnitudes >= clip get the extreme colour (0 when the map is all zero). */
  readonly clip: number;
}

/**
 * The map normalised for colouring: values in [-1, 1] ('signed') or [0, 1] (the others), and the
 * clip value that maps to 1.
 */
export function normalizeMap(map: ScalarMap, sign: HeatmapSign, clipPercentile: number): { map: ScalarMap; clip: number } {
  const d = map.data, n = d.length, shown = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const v = d[i]!;
    shown[i] = sign === 'signed' ? v : sign === 'absolute' ? Math.abs(v) : sign === 'positive' ? Math.max(v, 0) : Math.max(-v, 0);
  }
  const mags = sign === 'signed' ? shown.map(Math.abs) : shown;
  let clip = n ? percentile(mags, clipPercentile) : 0;
  // A sparse map can have a zero high percentile; fall back to its maximum so it still shows.
  if (clip === 0) clip = mags.reduce((a, b) => Math.max(a, b), 0);
  const lo = sign === 'signed' ? -1 : 0;
  if (clip > 0) for (let i = 0; i < n; i++) shown[i] = Math.min(1, Math.max(lo, shown[i]! / clip));
  return { map: { width: map.width, height: map.height, data: shown }, clip };
}

/**
 * Renders one attribution sample as a heatmap.
 * @example
 * const { attributions } = await saliency(model, x, { target: 3 });
 * const img = heatmap(sliceBatch(attributions, 0, 1), { sign: 'signed', width: 224, height: 224 });
 */
export function heatmap(attribution: Tensor, options: HeatmapOptions = {}): HeatmapImage {
  const { reduce = 'sum', sign = 'absolute', clipPercentile = 99.5, upsample = 'nearest', transparent = false } = options;
  if (!['signed', 'absolute', 'positive', 'negative'].includes(sign)) throw new RangeError(`sign: expected 'signed', 'absolute', 'positive' or 'negative', got '${String(sign)}'`);
  if ((sign === 'signed' || sign === 'negative') && reduce !== 'sum')
    throw new RangeError(`sign: '${sign}' needs the signed channel reduction reduce: 'sum'; '${reduce}' is never negative`);
  checkNumber('clipPercentile', clipPercentile, { above: 0, max: 100 });
  const cmap = resolveColormap(options.colormap ?? (sign === 'signed' ? 'blue-white-red' : 'heat'), 'colormap');
  const { map, clip } = normalizeMap(reduceChannels(attribution, { reduce, layout: options.layout }), sign, clipPercentile);
  const W = options.width ?? map.width, H = options.height ?? map.height;
  const values = W === map.width && H === map.height ? map.data : resizePlanar(map.data, 1, map.height, map.width, H, W, { method: upsample });
  const lut = colormapLut(cmap, 257); // odd: entry 128 is exactly t = 0.5 (signed zero)
  const data = new Uint8ClampedArray(4 * W * H);
  for (let i = 0; i < W * H; i++) {
    const v = values[i]!, t = sign === 'signed' ? (v + 1) / 2 : v;
    const k = 3 * Math.round(Math.min(1, Math.max(0, t)) * 256);
    data[4 * i] = lut[k]!; data[4 * i + 1] = lut[k + 1]!; data[4 * i + 2] = lut[k + 2]!;
    data[4 * i + 3] = transparent ? Math.round(255 * Math.min(1, Math.abs(v))) : 255;
  }
  return { width: W, height: H, data, clip };
}
