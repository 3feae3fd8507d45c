/**
 * The inverse of `preprocess` for one sample: a model-input tensor (an input, an adversarial
 * example, a boundary point) back to 8-bit RGBA at the model's resolution.
 */
import { ShapeMismatchError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import type { RgbaImage } from './rgba-image.js';
import { channelCount, parsePreprocessSpec, type PreprocessSpec } from './preprocess-spec.js';

/**
 * Undoes mean/std, scale, channel order and layout of one sample: shape [C, H, W] / [H, W, C]
 * (as the spec's layout says), or the same with a batch axis of 1. Values are rounded and clamped
 * to 0-255; grey becomes R = G = B; alpha is 255. Geometry (resize, crop) cannot be undone: the
 * image is the spec's width x height.
 * @example
 * const x = preprocess([img], spec);
 * toRgba(x, spec); // img again (to within one level, for an image already at the spec's size)
 */
export function toRgba(sample: Tensor, spec: PreprocessSpec): RgbaImage {
  const s = parsePreprocessSpec(spec);
  const C = channelCount(s.channels), H = s.height, W = s.width, hw = H * W;
  const expected = s.layout === 'nchw' ? [C, H, W] : [H, W, C];
  const shape = sample.shape.length === 4 && sample.shape[0] === 1 ? sample.shape.slice(1) : sample.shape;
  if (shape.join() !== expected.join() || sample.data.length !== C * hw)
    throw new ShapeMismatchError('toRgba: sample', expected, [...sample.shape], 'Pass one sample (sliceBatch(x, i, i + 1)) of a tensor made with this spec');
  const data = new Uint8ClampedArray(4 * hw);
  const dst = s.channels === 'bgr' ? [2, 1, 0] : [0, 1, 2];
  for (let c = 0; c < C; c++) {
    const a = s.std[c]! / s.scale, b = s.mean[c]! / s.scale;
    for (let i = 0; i < hw; i++) {
      const v = sample.data[s.layout === 'nchw' ? c * hw + i : i * C + c]! * a + b;
      const byte = Math.round(v);
      if (C === 1) data[4 * i] = data[4 * i + 1] = data[4 * i + 2] = byte;
      else data[4 * i + dst[c]!] = byte;
    }
  }
  for (let i = 0; i < hw; i++) data[4 * i + 3] = 255;
  return { width: W, height: H, data };
}
