import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Jimp } from 'jimp';
import { afterAll, describe, expect, it } from 'vitest';
import { AxplainError, inferPreprocessSpec, Rng, type RgbaImage } from '@axplain/core';
import { ImageFileError, ImageFormatError } from './errors.js';
import { loadImage, loadImageTensor, sniffImageFormat } from './load-image.js';
import { encodePng, savePng } from './save-png.js';

const dir = mkdtempSync(join(tmpdir(), 'axplain-image-'));
// Our own fixture digit (lossless PNG) and a JPEG of it written here by jimp.
const DIGIT3_PNG = fileURLToPath(new URL('../../../../models/samples/mnist/digit-3.png', import.meta.url));
const DIGIT3 = join(dir, 'digit-3.jpg');
writeFileSync(DIGIT3, await (await Jimp.read(DIGIT3_PNG)).getBuffer('image/jpeg', { quality: 95 }));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const caught = async (p: Promise<unknown>): Promise<Error> => p.then(() => { throw new Error('no error'); }, (e: Error) => e);

describe('loadImage / loadImageTensor', () => {
  it('decodes a JPEG of a digit into a 28x28 grey tensor in [0, 1] close to the lossless PNG it was made from', async () => {
    const img = await loadImage(DIGIT3);
    expect([img.width, img.height, img.data.length]).toEqual([28, 28, 28 * 28 * 4]);
    const spec = inferPreprocessSpec([1, 28, 28]);
    const x = await loadImageTensor([DIGIT3, DIGIT3], spec);
    const png = await loadImageTensor([DIGIT3_PNG], spec);
    expect(x.shape).toEqual([2, 1, 28, 28]);
    expect(x.data.every((v) => v >= 0 && v <= 1)).toBe(true);
    // JPEG at quality 95 moves a pixel by a few levels at most, near the strokes' edges.
    const diff = x.data.subarray(0, 784).map((v, i) => Math.abs(v - png.data[i]!));
    expect(diff.reduce((a, v) => a + v, 0) / 784).toBeLessThan(0.02);
    expect(Math.max(...diff)).toBeLessThan(0.25);
    // The stroke covers a digit-like fraction of the pixels, and the borders are dark.
    const bright = x.data.subarray(0, 784).filter((v) => v > 0.5).length;
    expect(bright).toBeGreaterThan(60);
    expect(bright).toBeLessThan(300);
    expect(Math.max(...[0, 27].flatMap((r) => Array.from({ length: 28 }, (_, c) => x.data[r * 28 + c]!)))).toBeLessThan(0.1);
    expect([...x.data.subarray(784)]).toEqual([...x.data.subarray(0, 784)]);
  });

  it('refuses a text file, an empty file and a corrupt PNG with ImageFormatError naming the file', async () => {
    const txt = join(dir, 'notes.txt');
    writeFileSync(txt, 'hello, not an image\n');
    const e = await caught(loadImage(txt));
    expect(e).toBeInstanceOf(ImageFormatError);
    expect(AxplainError.isInstance(e)).toBe(true);
    expect(e.message).toBe(`${txt}: is not a PNG or JPEG image (it starts with text: "hello, not an image\\n"); convert it to PNG or JPEG first`);
    const empty = join(dir, 'empty.png');
    writeFileSync(empty, '');
    expect((await caught(loadImage(empty))).message).toMatch(/empty\.png: is not a PNG or JPEG image \(the file is empty\)/);
    const broken = join(dir, 'broken.png');
    writeFileSync(broken, Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(40, 7)]));
    const b = await caught(loadImage(broken));
    expect(b).toBeInstanceOf(ImageFormatError);
    expect(b.message).toMatch(/broken\.png: is not a PNG or JPEG image \(the decoder failed: /);
    expect((await caught(loadImage(Buffer.from('GIF89a')))).message).toMatch(/^<buffer>: is not a PNG or JPEG/);
    expect(await caught(loadImageTensor([DIGIT3, txt], inferPreprocessSpec([1, 28, 28])))).toBeInstanceOf(ImageFormatError);
  });

  it('reports a missing file or a directory with ImageFileError', async () => {
    const missing = join(dir, 'nope.png');
    const e = await caught(loadImage(missing));
    expect(e).toBeInstanceOf(ImageFileError);
    expect(e.message).toBe(`${missing}: cannot read the image (not found); check the path`);
    mkdirSync(join(dir, 'folder.png'));
    expect((await caught(loadImage(join(dir, 'folder.png')))).message).toMatch(/it is a directory/);
  });

  it('sniffs PNG and JPEG signatures', () => {
    expect(sniffImageFormat(readFileSync(DIGIT3))).toBe('jpeg');
    expect(sniffImageFormat(Buffer.from('89504e470d0a1a0a0000', 'hex'))).toBe('png');
    expect(sniffImageFormat(Buffer.from('BM'))).toBeUndefined();
  });
});

describe('encodePng / savePng', () => {
  const rng = new Rng(11);
  const img: RgbaImage = { width: 13, height: 7, data: Uint8ClampedArray.from({ length: 13 * 7 * 4 }, () => Math.floor(rng.next() * 256)) };

  it('round-trips every byte, alpha included, through a file in a new folder', async () => {
    const file = join(dir, 'nested', 'deeper', 'round-trip.png');
    await savePng(img, file);
    const back = await loadImage(file);
    expect([back.width, back.height]).toEqual([13, 7]);
    expect(Buffer.from(back.data).equals(Buffer.from(img.data))).toBe(true);
  });

  it('decodes from bytes that are a view into a larger buffer', async () => {
    const png = await encodePng(img);
    expect(sniffImageFormat(png)).toBe('png');
    const view = Buffer.concat([Buffer.alloc(5, 1), png]).subarray(5);
    expect(Buffer.from((await loadImage(view)).data).equals(Buffer.from(img.data))).toBe(true);
    // An image whose bytes are a view at an offset into a larger buffer (jimp alone would read the buffer's start).
    const backing = new Uint8ClampedArray(16).fill(9);
    backing.set([1, 2, 3, 4], 8);
    const one = { width: 1, height: 1, data: backing.subarray(8, 12) };
    expect([...(await loadImage(await encodePng(one))).data]).toEqual([1, 2, 3, 4]);
    await expect(encodePng({ width: 0, height: 3, data: new Uint8ClampedArray(0) })).rejects.toThrow(/empty 0x3 image/);
  });
});

describe('images declaring an empty or enormous size', () => {
  /** The fixture digit PNG with its IHDR dimensions replaced (CRC recomputed by zlib's table). */
  const withSize = (w: number, h: number) => {
    const png = Uint8Array.from(readFileSync(fileURLToPath(new URL('../../../../models/samples/mnist/digit-3.png', import.meta.url))));
    const v = new DataView(png.buffer);
    v.setUint32(16, w);
    v.setUint32(20, h);
    let c = 0xffffffff;
    for (const b of png.subarray(12, 29)) { c ^= b; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; }
    v.setUint32(29, (c ^ 0xffffffff) >>> 0);
    return png;
  };

  it('are refused from the header, at once, with ImageFormatError (a 0 x 2^31 PNG took the decoder 50 s)', async () => {
    const t0 = performance.now();
    const empty = await caught(loadImage(withSize(0, 2 ** 31 - 1), { name: 'tall.png' }));
    expect(empty).toBeInstanceOf(ImageFormatError);
    expect(empty.message).toBe('tall.png: is not a PNG or JPEG image (its header declares an empty 0x2147483647 image); convert it to PNG or JPEG first');
    const huge = await caught(loadImage(withSize(65535, 65535), { name: 'huge.png' }));
    expect(huge.message).toMatch(/huge\.png: .*its header declares 65535x65535 pixels, more than maxPixels \(67108864\)/);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect((await caught(loadImage(withSize(28, 28), { maxPixels: 100 }))).message).toMatch(/declares 28x28 pixels, more than maxPixels \(100\)/);
    expect((await loadImage(withSize(28, 28))).width).toBe(28);
  });
});
