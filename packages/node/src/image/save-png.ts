/**
 * Encoding RgbaImages as PNG with jimp.
 */
import { Jimp } from 'jimp';
import { checkImage, type RgbaImage } from '@axplain/core';
import { writeFileAtomic } from '../io/atomic-write.js';

/**
 * PNG bytes of an image (lossless, alpha kept).
 * @example writeFileSync('heat.png', await encodePng(heatmap(attr)));
 */
export async function encodePng(image: RgbaImage): Promise<Buffer> {
  checkImage(image);
  if (image.width === 0 || image.height === 0) throw new RangeError(`image: cannot encode an empty ${image.width}x${image.height} image as PNG`);
  // An unpooled copy: jimp's encoder reads the whole underlying ArrayBuffer.
  const data = Buffer.alloc(image.data.length);
  data.set(image.data);
  return Jimp.fromBitmap({ width: image.width, height: image.height, data }).getBuffer('image/png');
}

/**
 * Writes an image as a PNG file, creating the folder if needed.
 * @example await savePng(renderAttribution({ input, attribution, spec }), 'out/ig.png');
 */
export async function savePng(image: RgbaImage, path: string): Promise<void> {
  const bytes = await encodePng(image);
  writeFileAtomic(path, bytes);
}
