/**
 * Colormaps as small tables of control points, linearly interpolated in sRGB. The tables are
 * axplain's own: a diverging blue-white-red for signed maps (0.5 is exactly white) and sequential
 * dark-to-bright maps for magnitudes whose luma rises monotonically (readable in grey print).
 */
import { checkInteger } from '../validate.js';

/** A control point: position in [0, 1], then red, green, blue (0-255). */
export type ColorStop = readonly [position: number, r: number, g: number, b: number];

export interface Colormap {
  readonly name: string;
  /** At least two stops, positions strictly increasing from 0 to 1. */
  readonly stops: readonly ColorStop[];
  /** Whether the map is meant for signed values (its midpoint is zero). */
  readonly diverging: boolean;
}

/** The built-in colormaps. */
export const COLORMAPS = Object.freeze({
  /** Signed: -1 deep blue, 0 white, +1 deep red. */
  'blue-white-red': { name: 'blue-white-red', diverging: true, stops: [[0, 40, 80, 180], [0.25, 140, 175, 230], [0.5, 255, 255, 255], [0.75, 235, 150, 130], [1, 180, 30, 40]] },
  /** Sequential, inferno-like: black, purple, red, orange, pale yellow. */
  heat: { name: 'heat', diverging: false, stops: [[0, 0, 0, 4], [0.2, 60, 10, 100], [0.45, 170, 45, 95], [0.7, 245, 120, 40], [1, 252, 250, 170]] },
  /** Sequential, viridis-like: dark violet, blue, green, yellow. */
  aurora: { name: 'aurora', diverging: false, stops: [[0, 40, 20, 80], [0.33, 40, 100, 140], [0.66, 50, 170, 120], [1, 240, 230, 60]] },
  /** Sequential: black to white. */
  greys: { name: 'greys', diverging: false, stops: [[0, 0, 0, 0], [1, 255, 255, 255]] },
} satisfies Record<string, Colormap>);

export type ColormapName = keyof typeof COLORMAPS;

/** A built-in colormap by name, or a custom one checked for well-formed stops. */
export function resolveColormap(colormap: ColormapName | Colormap, name = 'colormap'): Colormap {
  if (typeof colormap === 'string') {
    const c = (COLORMAPS as Record<string, Colormap>)[colormap];
    if (!c) throw new RangeError(`${name}: unknown colormap '${colormap}'; the built-in ones are: ${Object.keys(COLORMAPS).join(', ')}`);
    return c;
  }
  const s = colormap?.stops;
  const ok = Array.isArray(s) && s.length >= 2 && s[0]![0] === 0 && s[s.length - 1]![0] === 1 &&
    s.every((p, i) => p.length === 4 && p.slice(1).every((v: number) => v >= 0 && v <= 255) && (i === 0 || p[0] > s[i - 1]![0]));
  if (!ok) throw new RangeError(`${name}: stops must be >= 2 [position, r, g, b] entries, positions rising strictly from 0 to 1, colours in 0-255`);
  return colormap;
}

/**
 * The colour at t (clamped to [0, 1]) of a colormap, unrounded.
 * @example colormapColor('blue-white-red', 0.5) // [255, 255, 255]
 */
export function colormapColor(colormap: ColormapName | Colormap, t: number): [number, number, number] {
  const { stops } = resolveColormap(colormap);
  if (Number.isNaN(t)) throw new RangeError('t: must be a number, got NaN');
  const x = Math.min(1, Math.max(0, t));
  let i = 1;
  while (i < stops.length - 1 && stops[i]![0] < x) i++;
  const a = stops[i - 1]!, b = stops[i]!;
  const f = (x - a[0]) / (b[0] - a[0]);
  return [a[1] + f * (b[1] - a[1]), a[2] + f * (b[2] - a[2]), a[3] + f * (b[3] - a[3])];
}

/**
 * `size` colours sampled evenly from 0 to 1, as bytes [r, g, b, r, g, b, ...].
 * @example colormapLut('greys', 3) // [0, 0, 0, 128, 128, 128, 255, 255, 255]
 * @param size - entries. @defaultValue 256
 */
export function colormapLut(colormap: ColormapName | Colormap, size = 256): Uint8ClampedArray {
  checkInteger('size', size, { min: 2 });
  const out = new Uint8ClampedArray(size * 3);
  for (let i = 0; i < size; i++) {
    const [r, g, b] = colormapColor(colormap, i / (size - 1));
    out[3 * i] = Math.round(r); out[3 * i + 1] = Math.round(g); out[3 * i + 2] = Math.round(b);
  }
  return out;
}
