/**
 * Images to a model's input tensor, following a `PreprocessSpec`; and the geometry alone
 * (`modelView`), to show an input the way the model sees it.
 */
import { ShapeMismatchError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { cropPlanar, imageToPlanar, planarToImage, resizePlanar } from './resize.js';
import { checkImage, LUMA, type RgbaImage } from './rgba-image.js';
import { channelCount, parsePreprocessSpec, type PreprocessSpec, type ResolvedPreprocessSpec } from './preprocess-spec.js';

/** Where a source image lands: resized to resizeWidth x resizeHeight, then cropped at (left, top). */
export interface ModelGeometry {
  resizeWidth: number;
  resizeHeight: number;
  left: number;
  top: number;
}

/** Python's round (half to even), as torchvision's CenterCrop offsets use it. */
const roundHalfEven = (x: number): number => {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
};

/**
 * The resize and crop a spec applies to a `width` x `height` source (torchvision's integer
 * arithmetic for Resize(int) + CenterCrop).
 * @example modelGeometry(640, 480, { width: 224, height: 224, resize: 'shorter-side', shorterSide: 256 })
 * // { resizeWidth: 341, resizeHeight: 256, left: 58, top: 16 }
 */
export function modelGeometry(width: number, height: number, spec: PreprocessSpec): ModelGeometry {
  const s = parsePreprocessSpec(spec);
  if (s.resize === 'stretch') return { resizeWidth: s.width, resizeHeight: s.height, left: 0, top: 0 };
  const S = s.shorterSide;
  const [rw, rh] = width <= height ? [S, Math.floor((S * height) / width)] : [Math.floor((S * width) / height), S];
  return { resizeWidth: rw, resizeHeight: rh, left: roundHalfEven((rw - s.width) / 2), top: roundHalfEven((rh - s.height) / 2) };
}

/** Resizes and crops planar data [C, H, W] of a source image to the spec's width x height. */
function applyGeometry(planes: Float32Array, c: number, w: number, h: number, s: ResolvedPreprocessSpec): Float32Array {
  if (w < 1 || h < 1) throw new RangeError(`images: cannot preprocess an empty ${w}x${h} image`);
  const g = modelGeometry(w, h, s);
  const opts = { method: s.interpolation, antialias: s.antialias };
  const resized = g.resizeWidth === w && g.resizeHeight === h ? planes : resizePlanar(planes, c, h, w, g.resizeHeight, g.resizeWidth, opts);
  if (g.resizeWidth === s.width && g.resizeHeight === s.height) return resized;
  return cropPlanar(resized, c, g.resizeHeight, g.resizeWidth, g.top, g.left, s.height, s.width);
}

/** Planar 0-255 floats [C, H, W] of an image in the spec's channel order (alpha dropped). */
function channelPlanes(image: RgbaImage, order: ResolvedPreprocessSpec['channels']): Float32Array {
  const n = image.width * image.height, d = image.data;
  if (order === 'grey') {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = LUMA[0] * d[4 * i]! + LUMA[1] * d[4 * i + 1]! + LUMA[2] * d[4 * i + 2]!;
    return out;
  }
  const out = new Float32Array(3 * n);
  const src = order === 'rgb' ? [0, 1, 2] : [2, 1, 0];
  for (let k = 0; k < 3; k++) for (let i = 0; i < n; i++) out[k * n + i] = d[4 * i + src[k]!]!;
  return out;
}

/**
 * Turns images of any size into the model's input batch: [N, C, H, W] ('nchw') or
 * [N, H, W, C] ('nhwc'), value = (pixel * scale - mean[c]) / std[c]. Alpha is ignored.
 * @example
 * const x = preprocess([img], { width: 28, height: 28, channels: 'grey' }); // [1, 1, 28, 28] in [0, 1]
 */
export function preprocess(images: RgbaImage | readonly RgbaImage[], spec: PreprocessSpec): Tensor {
  const s = parsePreprocessSpec(spec);
  const list = Array.isArray(images) ? (images as readonly RgbaImage[]) : [images as RgbaImage];
  const C = channelCount(s.channels), H = s.height, W = s.width, hw = H * W;
  const data = new Float32Array(list.length * C * hw);
  list.forEach((img, n) => {
    checkImage(img, `images[${n}]`);
    const planes = applyGeometry(channelPlanes(img, s.channels), C, img.width, img.height, s);
    for (let c = 0; c < C; c++) {
      const a = s.scale / s.std[c]!, b = s.mean[c]! / s.std[c]!;
      for (let i = 0; i < hw; i++) {
        const val = planes[c * hw + i]! * a - b;
        data[s.layout === 'nchw' ? (n * C + c) * hw + i : (n * hw + i) * C + c] = val;
      }
    }
  });
  return { data, shape: s.layout === 'nchw' ? [list.length, C, H, W] : [list.length, H, W, C] };
}

/**
 * The part of an image the model sees, at the model's resolution (spec geometry only: resize and
 * crop, colours and alpha untouched). The base for overlaying attributions.
 * @example modelView(photo, { width: 224, height: 224, resize: 'shorter-side' }) // 224x224 centre
 */
export function modelView(image: RgbaImage, spec: PreprocessSpec): RgbaImage {
  checkImage(image);
  const s = parsePreprocessSpec(spec);
  return planarToImage(applyGeometry(imageToPlanar(image), 4, image.width, image.height, s), s.width, s.height);
}

/** Throws a ShapeMismatchError when a spec does not produce the model's per-sample input shape. */
export function checkSpecShape(spec: PreprocessSpec, inputShape: readonly number[], what = 'preprocess spec'): void {
  const s = parsePreprocessSpec(spec);
  const C = channelCount(s.channels);
  const got = s.layout === 'nchw' ? [C, s.height, s.width] : [s.height, s.width, C];
  if (got.join() !== inputShape.join())
    throw new ShapeMismatchError(`${what} (${s.width}x${s.height} ${s.channels} ${s.layout})`, inputShape, got, 'Fix width, height, channels or layout in the spec so it produces the model input shape');
}
