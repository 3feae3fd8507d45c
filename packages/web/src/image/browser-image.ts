/**
 * Browser pictures in and out: `ImageData`, `<img>`, `ImageBitmap`, canvases and image files
 * become core's `RgbaImage` (and, with a preprocessing spec, the model's input tensor); core's
 * renderers' images go back onto a canvas or into an `ImageData`.
 */
import { AxplainError, checkImage, preprocess, type PreprocessSpec, type RgbaImage, type Tensor } from '@axplain/core';

/** Anything a page holds a picture in. */
export type BrowserImageSource = ImageData | HTMLImageElement | ImageBitmap | HTMLCanvasElement | OffscreenCanvas | RgbaImage;

/** A picture the browser could not read: an `<img>` not loaded yet, a file that is not an image. */
export class BrowserImageError extends AxplainError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'BROWSER_IMAGE', options);
  }
}

type Canvas2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

function scratch(width: number, height: number): Canvas2D {
  const canvas = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(width, height) : Object.assign(document.createElement('canvas'), { width, height });
  const ctx = canvas.getContext('2d', { willReadFrequently: true }) as Canvas2D | null;
  if (!ctx) throw new BrowserImageError('this browser gives no 2D canvas context to read pixels with');
  return ctx;
}

const isCanvas = (s: unknown): s is HTMLCanvasElement | OffscreenCanvas =>
  (typeof HTMLCanvasElement !== 'undefined' && s instanceof HTMLCanvasElement) || (typeof OffscreenCanvas !== 'undefined' && s instanceof OffscreenCanvas);

/**
 * The pixels of a browser picture as an `RgbaImage` (straight alpha, row-major).
 * @example const img = imageToRgba(document.querySelector('canvas')!); // { width, height, data }
 */
export function imageToRgba(source: BrowserImageSource): RgbaImage {
  if (typeof source !== 'object' || source === null) throw new TypeError('image: expected ImageData, an <img>, an ImageBitmap or a canvas');
  if ('data' in source && source.data instanceof Uint8ClampedArray) {
    checkImage(source as RgbaImage, 'image');
    return { width: source.width, height: source.height, data: source.data };
  }
  if (isCanvas(source)) {
    const ctx = source.getContext('2d', { willReadFrequently: true }) as Canvas2D | null;
    if (ctx) return ctx.getImageData(0, 0, source.width, source.height);
  }
  let width = (source as { width: number }).width, height = (source as { height: number }).height;
  if (typeof HTMLImageElement !== 'undefined' && source instanceof HTMLImageElement) {
    if (!source.complete || source.naturalWidth === 0)
      throw new BrowserImageError(`image: the <img> ${source.src ? `'${source.src}' ` : ''}has not loaded (or failed to); await img.decode() first`);
    width = source.naturalWidth; height = source.naturalHeight;
  }
  if (!(width > 0 && height > 0)) throw new BrowserImageError(`image: it has no pixels (${width}x${height})`);
  const ctx = scratch(width, height);
  ctx.drawImage(source as CanvasImageSource, 0, 0);
  return ctx.getImageData(0, 0, width, height);
}

/**
 * Decodes an image file (PNG, JPEG, WebP... whatever the browser decodes), e.g. a dropped `File`
 * or a fetched URL.
 * @example const img = await decodeImage(await (await fetch('/samples/mnist/digit-7.png')).blob());
 */
export async function decodeImage(file: Blob, name = (file as File).name || 'image'): Promise<RgbaImage> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
  } catch (e) {
    throw new BrowserImageError(`${name}: the browser could not decode it as an image (${file.type || 'unknown type'}, ${file.size} bytes)`, { cause: e });
  }
  try {
    return imageToRgba(bitmap);
  } finally {
    bitmap.close();
  }
}

/**
 * Browser pictures as one input batch, with core's preprocessing (resize, channels, scale, mean/std, layout).
 * @example const x = imageTensor(canvas, { width: 28, height: 28, channels: 'grey' }); // [1, 1, 28, 28]
 */
export function imageTensor(sources: BrowserImageSource | readonly BrowserImageSource[], spec: PreprocessSpec): Tensor {
  const list = Array.isArray(sources) ? sources : [sources as BrowserImageSource];
  if (list.length === 0) throw new RangeError('sources: give at least one image');
  return preprocess(list.map(imageToRgba), spec);
}

/**
 * An `RgbaImage` (a core renderer's output) as an `ImageData`.
 * @example ctx.putImageData(toImageData(heatmap(attribution)), 0, 0);
 */
export function toImageData(image: RgbaImage): ImageData {
  checkImage(image, 'image');
  return new ImageData(new Uint8ClampedArray(image.data), image.width, image.height);
}

/**
 * Draws an `RgbaImage` on a canvas, resizing the canvas to it (times `scale`, nearest neighbour).
 * @example drawImage(document.querySelector('canvas')!, renderAttribution({ attribution, input, spec }));
 */
export function drawImage(canvas: HTMLCanvasElement | OffscreenCanvas, image: RgbaImage, scale = 1): void {
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError(`scale: expected a number > 0, got ${scale}`);
  const data = toImageData(image);
  canvas.width = Math.round(image.width * scale);
  canvas.height = Math.round(image.height * scale);
  const ctx = canvas.getContext('2d') as Canvas2D | null;
  if (!ctx) throw new BrowserImageError('the canvas gives no 2D context to draw on');
  if (scale === 1) { ctx.putImageData(data, 0, 0); return; }
  const tmp = scratch(image.width, image.height);
  tmp.putImageData(data, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(tmp.canvas as CanvasImageSource, 0, 0, canvas.width, canvas.height);
}
