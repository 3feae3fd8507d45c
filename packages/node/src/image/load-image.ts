/**
 * Decoding PNG and JPEG files (or bytes) into RgbaImages with jimp, and straight into a model's
 * input batch.
 */
import { readFile } from 'node:fs/promises';
import { Jimp } from 'jimp';
import { preprocess, type PreprocessSpec, type RgbaImage, type Tensor } from '@axplain/core';
import { ImageFileError, ImageFormatError } from './errors.js';
import { declaredSize } from './image-header.js';

/** 'png', 'jpeg', or undefined, from the first bytes. */
export function sniffImageFormat(bytes: Uint8Array): 'png' | 'jpeg' | undefined {
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 8 && png.every((b, i) => bytes[i] === b)) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return undefined;
}

/** A short description of bytes that are not PNG/JPEG, for the error message. */
function describe(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'the file is empty';
  const head = Buffer.from(bytes.subarray(0, 64));
  const text = head.every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127));
  return text ? `it starts with text: ${JSON.stringify(head.toString('latin1').slice(0, 24))}` : `its first bytes are ${head.subarray(0, 4).toString('hex')}`;
}

async function readBytes(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'not found' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : String((e as Error).message);
    throw new ImageFileError(file, reason, e);
  }
}

export interface LoadImageOptions {
  /** Name used in errors when `source` is bytes. @defaultValue '<buffer>' */
  name?: string;
  /**
   * Largest width x height accepted, checked on the header before decoding (a file declaring
   * more is refused with ImageFormatError rather than decoded into gigabytes).
   * @defaultValue 67_108_864 (8192 x 8192)
   */
  maxPixels?: number;
}

/**
 * Decodes a PNG or JPEG (a path or its bytes) into RGBA. A missing file raises ImageFileError,
 * anything else than PNG/JPEG ImageFormatError, both naming the file.
 * @example const img = await loadImage('digit-3.jpg'); // { width: 28, height: 28, data }
 */
export async function loadImage(source: string | Uint8Array, options: LoadImageOptions = {}): Promise<RgbaImage> {
  const name = typeof source === 'string' ? source : (options.name ?? '<buffer>');
  const bytes = typeof source === 'string' ? await readBytes(source) : source;
  if (!(bytes instanceof Uint8Array)) throw new TypeError('source: expected a file path or the bytes of a PNG/JPEG (Buffer, Uint8Array)');
  const format = sniffImageFormat(bytes);
  if (!format) throw new ImageFormatError(name, describe(bytes));
  const size = declaredSize(bytes, format);
  const maxPixels = options.maxPixels ?? 8192 * 8192;
  if (size && (size.width === 0 || size.height === 0)) throw new ImageFormatError(name, `its header declares an empty ${size.width}x${size.height} image`);
  if (size && size.width * size.height > maxPixels)
    throw new ImageFormatError(name, `its header declares ${size.width}x${size.height} pixels, more than maxPixels (${maxPixels})`);
  let bitmap: { width: number; height: number; data: Uint8Array };
  try {
    // Copy into an unpooled buffer: jimp reads `.buffer` and would ignore a view's offset.
    const own = Buffer.alloc(bytes.length);
    own.set(bytes);
    bitmap = (await Jimp.fromBuffer(own)).bitmap;
  } catch (e) {
    throw new ImageFormatError(name, `the decoder failed: ${(e as Error).message}`, e);
  }
  const data = new Uint8ClampedArray(bitmap.width * bitmap.height * 4);
  data.set(bitmap.data.subarray(0, data.length));
  return { width: bitmap.width, height: bitmap.height, data };
}

/**
 * Loads image files and preprocesses them into one input batch (first file first).
 * @example const x = await loadImageTensor(['a.png', 'b.jpg'], { width: 28, height: 28, channels: 'grey' }); // [2, 1, 28, 28]
 */
export async function loadImageTensor(paths: readonly string[], spec: PreprocessSpec): Promise<Tensor> {
  if (paths.length === 0) throw new RangeError('paths: give at least one image file');
  const images = await Promise.all(paths.map((p) => loadImage(p)));
  return preprocess(images, spec);
}
