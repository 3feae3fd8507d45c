/**
 * Alpha blending of a heatmap over an image.
 */
import { checkImage, type RgbaImage } from '../image/rgba-image.js';
import { isNumberIn } from '../validate.js';

/**
 * Blends `heat` over `base`: out = base + w (heat - base) per colour channel, with
 * w = alpha * heat's own alpha / 255 (a `transparent` heatmap only tints where attribution is
 * large). The output keeps base's alpha. Both images must have the same size.
 * @example overlay(modelView(photo, spec), heatmap(attr, { transparent: true }), 0.7)
 * @param alpha - opacity of the heatmap, 0 (base only) to 1. @defaultValue 0.5
 */
export function overlay(base: RgbaImage, heat: RgbaImage, alpha = 0.5): RgbaImage {
  checkImage(base, 'base');
  checkImage(heat, 'heat');
  if (!isNumberIn(alpha, { min: 0, max: 1 })) throw new RangeError(`alpha: must be in [0, 1], got ${alpha}`);
  if (base.width !== heat.width || base.height !== heat.height)
    throw new RangeError(`heat: is ${heat.width}x${heat.height} but base is ${base.width}x${base.height}; render the heatmap at the base's size (heatmap options width/height) or resizeImage one of them`);
  const b = base.data, h = heat.data, out = new Uint8ClampedArray(b.length);
  for (let i = 0; i < b.length; i += 4) {
    const w = (alpha * h[i + 3]!) / 255;
    for (let k = 0; k < 3; k++) out[i + k] = b[i + k]! + w * (h[i + k]! - b[i + k]!);
    out[i + 3] = b[i + 3]!;
  }
  return { width: base.width, height: base.height, data: out };
}
