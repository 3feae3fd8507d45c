/**
 * Pure image operations on tensors whose last two axes are height and width (e.g. [N, C, H, W]).
 * Used for IG's blurred baseline; no I/O, no runtime.
 */
import type { Tensor } from './tensor.js';
import { checkNumber, isNumberIn } from './validate.js';

/**
 * Normalised 1-D Gaussian kernel of standard deviation `sigma`, radius ceil(truncate * sigma)
 * (the convention of scipy's `gaussian_filter`). Weights are float64 and sum to 1.
 * @example gaussianKernel1d(1).length // 9 (radius 4)
 */
export function gaussianKernel1d(sigma: number, truncate = 4): Float64Array {
  if (!isNumberIn(sigma, { min: 0 })) throw new RangeError(`sigma: must be a finite number >= 0, got ${sigma}`);
  checkNumber('truncate', truncate, { above: 0 });
  if (sigma === 0) return Float64Array.of(1);
  const radius = Math.ceil(truncate * sigma);
  const k = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) sum += k[i + radius] = Math.exp((-0.5 * i * i) / (sigma * sigma));
  for (let i = 0; i < k.length; i++) k[i]! /= sum;
  return k;
}

/** Index i of a length-n axis under half-sample symmetric reflection (... b a | a b c | c b ...). */
function reflect(i: number, n: number): number {
  const period = 2 * n;
  const m = ((i % period) + period) % period;
  return m < n ? m : period - 1 - m;
}

/** Convolves every line of length `len` (stride `step` between elements) with kernel `k`. */
function blurAxis(src: Float64Array, dst: Float64Array, k: Float64Array, len: number, step: number, lines: (emit: (base: number) => void) => void): void {
  const r = (k.length - 1) / 2;
  const line = new Float64Array(len);
  lines((base) => {
    for (let i = 0; i < len; i++) line[i] = src[base + i * step]!;
    for (let i = 0; i < len; i++) {
      let acc = 0;
      for (let j = -r; j <= r; j++) acc += k[j + r]! * line[reflect(i + j, len)]!;
      dst[base + i * step] = acc;
    }
  });
}

export interface GaussianBlurOptions {
  /** Kernel radius in standard deviations. @defaultValue 4 */
  truncate?: number;
}

/**
 * Gaussian blur over the last two axes (height, width) of a tensor of rank >= 2, separable,
 * float64 internally, borders reflected (half-sample symmetric, scipy's `'reflect'`). Every other
 * axis (batch, channels) is blurred independently. `sigma` is in pixels: one value for both axes
 * or `[sigmaH, sigmaW]`; 0 leaves that axis unchanged.
 * @example
 * const img = tensor(new Float32Array(1 * 3 * 32 * 32).fill(0.5), [1, 3, 32, 32]);
 * gaussianBlur(img, 2).data[0]; // 0.5: a constant image stays constant
 */
export function gaussianBlur(t: Tensor, sigma: number | readonly [number, number], options: GaussianBlurOptions = {}): Tensor {
  const rank = t.shape.length;
  if (rank < 2) throw new RangeError(`gaussianBlur: needs a tensor of rank >= 2 (..., H, W), got shape [${t.shape.join(', ')}]`);
  const [sh, sw] = typeof sigma === 'number' ? [sigma, sigma] : sigma;
  const kh = gaussianKernel1d(sh, options.truncate);
  const kw = gaussianKernel1d(sw, options.truncate);
  const h = t.shape[rank - 2]!;
  const w = t.shape[rank - 1]!;
  const planes = t.data.length / Math.max(1, h * w);
  const a = Float64Array.from(t.data);
  const b = new Float64Array(a.length);
  // rows: lines along W, contiguous
  blurAxis(a, b, kw, w, 1, (emit) => {
    for (let p = 0; p < planes; p++) for (let y = 0; y < h; y++) emit(p * h * w + y * w);
  });
  // columns: lines along H, stride W
  blurAxis(b, a, kh, h, w, (emit) => {
    for (let p = 0; p < planes; p++) for (let x = 0; x < w; x++) emit(p * h * w + x);
  });
  return { data: Float32Array.from(a), shape: [...t.shape] };
}
