/**
 * The feature space the image segmenters cluster in: CIELAB for RGB images (as scikit-image's
 * `rgb2lab`: sRGB companding, the sRGB/D65 matrix, D65 reference white, CIE 1976 L*a*b*), the
 * raw values rescaled to 0..100 otherwise. Distances in Lab are roughly perceptual, which is why
 * QuickShift and SLIC's `ratio`/`compactness` are tuned in Lab units (L in 0..100).
 */
import { gaussianBlur } from '../image-ops.js';
import { sampleDims } from '../render/reduce-channels.js';
import type { TensorLayout } from '../image/preprocess-spec.js';
import type { Tensor } from '../tensor.js';
import { checkChoice } from '../validate.js';

/** D65 reference white (2 degree observer), X and Z relative to Y = 1. */
const WHITE = [0.95047, 1, 1.08883] as const;

const linear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);

/**
 * CIELAB of one sRGB colour with components in [0, 1].
 * @example srgbToLab(1, 1, 1) // [100, ~0, ~0]
 * @example srgbToLab(1, 0, 0) // [53.24, 80.09, 67.20] (rounded)
 */
export function srgbToLab(r: number, g: number, b: number): [number, number, number] {
  const lr = linear(r), lg = linear(g), lb = linear(b);
  const x = (0.412453 * lr + 0.35758 * lg + 0.180423 * lb) / WHITE[0];
  const y = (0.212671 * lr + 0.71516 * lg + 0.072169 * lb) / WHITE[1];
  const z = (0.019334 * lr + 0.119193 * lg + 0.950227 * lb) / WHITE[2];
  const fx = f(x), fy = f(y), fz = f(z);
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

/** Colour space a segmenter clusters in. */
export type SegmentColorSpace = 'lab' | 'raw';

export interface FeatureImageOptions {
  /**
   * 'lab': CIELAB (needs 3 channels, read as sRGB); 'raw': the channel values mapped by
   * `range` to 0..100 (the span of Lab's L, so `ratio`/`compactness` mean the same).
   * @defaultValue 'lab' for 3-channel images, 'raw' otherwise
   */
  colorSpace?: SegmentColorSpace;
  /**
   * Values of black and white in the input (e.g. [0, 255], or the normalised range of a
   * model input). @defaultValue [0, 1]
   */
  range?: readonly [number, number];
  /** Axis order of a rank-3 image. @defaultValue inferred as in `sampleDims` (channels-first unless only the last axis has 1, 3 or 4 entries) */
  layout?: TensorLayout;
}

/** Pixel features, interleaved: `data[(y * width + x) * channels + k]`, float64. */
export interface FeatureImage {
  readonly data: Float64Array;
  readonly channels: number;
  readonly height: number;
  readonly width: number;
}

/**
 * An image tensor ([C, H, W], [H, W, C], [H, W] or [1, ...]) as interleaved segmentation
 * features, Gaussian-smoothed by `sigma` pixels (0: none) before the colour conversion
 * (`smooth: 'before'`, SLIC's order) or after it (`'after'`, QuickShift's order).
 * @example featureImage(tensor([1, 1, 1], [3, 1, 1])).data // Float64Array [100, ~0, ~0]
 */
export function featureImage(image: Tensor, options: FeatureImageOptions = {}, sigma = 0, smooth: 'before' | 'after' = 'after'): FeatureImage {
  const { c, h, w, layout } = sampleDims(image.shape, options.layout);
  if (image.data.length !== c * h * w) throw new RangeError(`image: has ${image.data.length} values, shape [${image.shape.join(', ')}] needs ${c * h * w}`);
  const space = options.colorSpace ?? (c === 3 ? 'lab' : 'raw');
  checkChoice('colorSpace', space, ['lab', 'raw'], 'color space');
  if (space === 'lab' && c !== 3) throw new RangeError(`colorSpace: 'lab' needs 3 (RGB) channels, the image has ${c}; use colorSpace 'raw'`);
  const [lo, hi] = options.range ?? [0, 1];
  if (!(hi > lo)) throw new RangeError(`range: must be [black, white] with white > black, got [${lo}, ${hi}]`);
  const hw = h * w;
  // planar [C, H, W] in 0..1, the form gaussianBlur takes
  let planar: Float32Array = new Float32Array(c * hw);
  for (let k = 0; k < c; k++)
    for (let i = 0; i < hw; i++) planar[k * hw + i] = (image.data[layout === 'nchw' ? k * hw + i : i * c + k]! - lo) / (hi - lo);
  const blur = (p: Float32Array) => (sigma > 0 ? gaussianBlur({ data: p, shape: [c, h, w] }, sigma).data : p);
  if (smooth === 'before') planar = blur(planar);
  const out = new Float32Array(c * hw);
  for (let i = 0; i < hw; i++) {
    if (space === 'lab') {
      const lab = srgbToLab(planar[i]!, planar[hw + i]!, planar[2 * hw + i]!);
      for (let k = 0; k < 3; k++) out[k * hw + i] = lab[k]!;
    } else for (let k = 0; k < c; k++) out[k * hw + i] = 100 * planar[k * hw + i]!;
  }
  const done = smooth === 'after' ? blur(out) : out;
  const data = new Float64Array(c * hw);
  for (let i = 0; i < hw; i++) for (let k = 0; k < c; k++) data[i * c + k] = done[k * hw + i]!;
  return { data, channels: c, height: h, width: w };
}
