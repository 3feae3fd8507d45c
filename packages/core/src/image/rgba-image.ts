/**
 * The image type every pixel function in axplain takes and returns: 8-bit RGBA, row-major, no
 * premultiplied alpha. A browser `ImageData` has exactly this shape, so canvases plug in as-is.
 */
import { checkInteger, isInteger } from '../validate.js';

/** An 8-bit RGBA image: `data[4 * (y * width + x) + k]`, k = 0 red, 1 green, 2 blue, 3 alpha. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
}

/** A colour as [r, g, b] or [r, g, b, a], each 0-255 (alpha 255 when left out). */
export type Color = readonly [number, number, number] | readonly [number, number, number, number];

/**
 * Builds an image, checking the size; without `data`, every pixel is `fill`.
 * @example createImage(2, 1, [255, 0, 0]).data // [255, 0, 0, 255, 255, 0, 0, 255]
 * @param fill - colour of a new image. @defaultValue [0, 0, 0, 0] (transparent black)
 */
export function createImage(width: number, height: number, fill: Color | Uint8ClampedArray = [0, 0, 0, 0]): RgbaImage {
  checkInteger('width', width, { min: 0 });
  checkInteger('height', height, { min: 0 });
  if (fill instanceof Uint8ClampedArray) {
    if (fill.length !== width * height * 4) throw new RangeError(`data: a ${width}x${height} RGBA image needs ${width * height * 4} bytes, got ${fill.length}`);
    return { width, height, data: fill };
  }
  const [r, g, b, a = 255] = checkColor(fill, 'fill');
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < data.length; i += 4) { data[i] = r; data[i + 1] = g; data[i + 2] = b; data[i + 3] = a; }
  return { width, height, data };
}

/** Throws a RangeError naming `name` unless `image` is a well-formed RgbaImage. */
export function checkImage(image: RgbaImage, name = 'image'): void {
  if (typeof image !== 'object' || image === null || !(image.data instanceof Uint8ClampedArray))
    throw new TypeError(`${name}: expected an RgbaImage { width, height, data: Uint8ClampedArray }`);
  const { width, height } = image;
  if (!isInteger(width, { min: 0 }) || !isInteger(height, { min: 0 }))
    throw new RangeError(`${name}: width and height must be integers >= 0, got ${width}x${height}`);
  if (image.data.length !== width * height * 4)
    throw new RangeError(`${name}: a ${width}x${height} RGBA image needs ${width * height * 4} bytes, got ${image.data.length}`);
}

/** Checks a colour and returns it as four bytes. */
export function checkColor(c: Color, name: string): [number, number, number, number] {
  if (!Array.isArray(c) || (c.length !== 3 && c.length !== 4) || c.some((v) => typeof v !== 'number' || !(v >= 0 && v <= 255)))
    throw new RangeError(`${name}: expected [r, g, b] or [r, g, b, a] with values in 0-255, got ${JSON.stringify(c)}`);
  return [c[0]!, c[1]!, c[2]!, c.length === 4 ? c[3]! : 255];
}

/** ITU-R BT.601 luma weights (as PIL's 'L' conversion): grey = 0.299 R + 0.587 G + 0.114 B. */
export const LUMA: readonly [number, number, number] = [0.299, 0.587, 0.114];

/**
 * A grey copy of an image (luma in every colour channel, alpha kept).
 * @example toGrey(createImage(1, 1, [255, 0, 0])).data[0] // 76
 */
export function toGrey(image: RgbaImage): RgbaImage {
  checkImage(image);
  const out = new Uint8ClampedArray(image.data.length);
  const d = image.data;
  for (let i = 0; i < d.length; i += 4) {
    const y = LUMA[0] * d[i]! + LUMA[1] * d[i + 1]! + LUMA[2] * d[i + 2]!;
    out[i] = out[i + 1] = out[i + 2] = y;
    out[i + 3] = d[i + 3]!;
  }
  return { width: image.width, height: image.height, data: out };
}
