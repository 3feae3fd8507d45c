/**
 * Resampling of planar float images and of RgbaImages. Bilinear is a triangle filter sampled at
 * pixel centres (half-pixel convention, edges clamped); when shrinking it is widened to the
 * scale factor so every source pixel contributes (PIL's and torchvision's `antialias=True`), which
 * keeps a 4x downscale from aliasing. Growing is plain bilinear interpolation.
 */
import { checkChoice, checkInteger } from '../validate.js';
import { checkImage, type RgbaImage } from './rgba-image.js';

export type ResizeMethod = 'bilinear' | 'nearest';

export interface ResizeOptions {
  /** Interpolation. @defaultValue 'bilinear' */
  method?: ResizeMethod;
  /** Widen the bilinear filter when shrinking (no aliasing). @defaultValue true */
  antialias?: boolean;
}

/** For each output index, the first source index and the normalised weights that follow it. */
interface AxisTaps { start: Int32Array; count: Int32Array; weights: Float64Array; width: number }

function axisTaps(inSize: number, outSize: number, method: ResizeMethod, antialias: boolean): AxisTaps {
  const scale = inSize / outSize;
  if (method === 'nearest') {
    const start = new Int32Array(outSize);
    for (let i = 0; i < outSize; i++) start[i] = Math.min(Math.floor((i + 0.5) * scale), inSize - 1);
    return { start, count: new Int32Array(outSize).fill(1), weights: new Float64Array(outSize).fill(1), width: 1 };
  }
  const support = antialias ? Math.max(scale, 1) : 1;
  const width = Math.ceil(2 * support) + 2;
  const start = new Int32Array(outSize), count = new Int32Array(outSize), weights = new Float64Array(outSize * width);
  for (let i = 0; i < outSize; i++) {
    const centre = (i + 0.5) * scale;
    let lo = Math.max(0, Math.floor(centre - support)), hi = Math.min(inSize, Math.ceil(centre + support));
    let sum = 0;
    const w = weights.subarray(i * width, (i + 1) * width);
    for (let j = lo; j < hi; j++) sum += w[j - lo] = Math.max(0, 1 - Math.abs((j + 0.5 - centre) / support));
    if (sum === 0) { // centre beyond the last pixel centre and nothing within reach: take the nearest
      lo = Math.min(Math.max(Math.floor(centre), 0), inSize - 1); hi = lo + 1; w[0] = sum = 1;
    }
    // Clamped edges: weight that would fall outside the image goes to the pixels inside it.
    for (let k = 0; k < hi - lo; k++) w[k]! /= sum;
    start[i] = lo; count[i] = hi - lo;
  }
  return { start, count, weights, width };
}

/**
 * Resizes `channels` planes of `height` x `width` floats (planar, [C, H, W]) to
 * `outHeight` x `outWidth`, separably (rows, then columns), in float64.
 * @example resizePlanar(Float32Array.of(0, 1), 1, 1, 2, 1, 4)  // [0, 0.25, 0.75, 1]
 */
export function resizePlanar(
  data: Float32Array, channels: number, height: number, width: number, outHeight: number, outWidth: number, options: ResizeOptions = {},
): Float32Array {
  const { method = 'bilinear', antialias = true } = options;
  checkChoice('method', method, ['bilinear', 'nearest'], 'interpolation');
  if (data.length !== channels * height * width) throw new RangeError(`resizePlanar: ${data.length} values do not fill ${channels}x${height}x${width}`);
  checkInteger('outHeight', outHeight, { min: 1 });
  checkInteger('outWidth', outWidth, { min: 1 });
  if (height < 1 || width < 1) throw new RangeError(`resizePlanar: cannot resize an empty ${height}x${width} image`);
  if (outHeight === height && outWidth === width) return data.slice();
  const tx = axisTaps(width, outWidth, method, antialias), ty = axisTaps(height, outHeight, method, antialias);
  const rows = new Float64Array(channels * height * outWidth);
  for (let c = 0; c < channels; c++)
    for (let y = 0; y < height; y++) {
      const src = (c * height + y) * width, dst = (c * height + y) * outWidth;
      for (let x = 0; x < outWidth; x++) {
        let acc = 0;
        const s = tx.start[x]!, n = tx.count[x]!, wo = x * tx.width;
        for (let k = 0; k < n; k++) acc += tx.weights[wo + k]! * data[src + s + k]!;
        rows[dst + x] = acc;
      }
    }
  const out = new Float32Array(channels * outHeight * outWidth);
  for (let c = 0; c < channels; c++)
    for (let y = 0; y < outHeight; y++) {
      const s = ty.start[y]!, n = ty.count[y]!, wo = y * ty.width, dst = (c * outHeight + y) * outWidth;
      for (let x = 0; x < outWidth; x++) {
        let acc = 0;
        for (let k = 0; k < n; k++) acc += ty.weights[wo + k]! * rows[(c * height + s + k) * outWidth + x]!;
        out[dst + x] = acc;
      }
    }
  return out;
}

/** Planar float copy [4, H, W] of an image's bytes. */
export function imageToPlanar(image: RgbaImage): Float32Array {
  const n = image.width * image.height, out = new Float32Array(4 * n), d = image.data;
  for (let i = 0; i < n; i++) for (let k = 0; k < 4; k++) out[k * n + i] = d[4 * i + k]!;
  return out;
}

/** Image from planar [4, H, W] floats (rounded, clamped to 0-255). */
export function planarToImage(planes: Float32Array, width: number, height: number): RgbaImage {
  const n = width * height, data = new Uint8ClampedArray(4 * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < 4; k++) data[4 * i + k] = Math.round(planes[k * n + i]!);
  return { width, height, data };
}

/**
 * Resizes an RgbaImage (every channel, alpha included, filtered independently).
 * @example resizeImage(img28, 224, 224, { method: 'nearest' }) // each pixel becomes an 8x8 block
 */
export function resizeImage(image: RgbaImage, width: number, height: number, options: ResizeOptions = {}): RgbaImage {
  checkImage(image);
  if (width === image.width && height === image.height) return { width, height, data: image.data.slice() };
  return planarToImage(resizePlanar(imageToPlanar(image), 4, image.height, image.width, height, width, options), width, height);
}

/**
 * Crops the rectangle at (left, top) of size width x height out of planar data [C, H, W].
 * The rectangle must lie inside the image.
 */
export function cropPlanar(
  data: Float32Array, channels: number, height: number, width: number, top: number, left: number, outHeight: number, outWidth: number,
): Float32Array {
  if (top < 0 || left < 0 || top + outHeight > height || left + outWidth > width)
    throw new RangeError(`crop: ${outWidth}x${outHeight} at (${left}, ${top}) does not fit in ${width}x${height}`);
  const out = new Float32Array(channels * outHeight * outWidth);
  for (let c = 0; c < channels; c++)
    for (let y = 0; y < outHeight; y++) {
      const src = (c * height + top + y) * width + left;
      out.set(data.subarray(src, src + outWidth), (c * outHeight + y) * outWidth);
    }
  return out;
}
