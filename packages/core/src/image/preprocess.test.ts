import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.js';
import { modelGeometry, modelView, preprocess, checkSpecShape } from './preprocess.js';
import { toRgba } from './to-rgba.js';
import { createImage, type RgbaImage } from './rgba-image.js';
import { ShapeMismatchError } from '../errors.js';

/** 2x2: red, green / blue, white. */
const quad = (): RgbaImage => ({ width: 2, height: 2, data: Uint8ClampedArray.from([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255]) });
const IMAGENET = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };

describe('preprocess', () => {
  it('computes (pixel / 255 - mean[c]) / std[c] per channel, NCHW', () => {
    const x = preprocess([quad()], { width: 2, height: 2, ...IMAGENET });
    expect(x.shape).toEqual([1, 3, 2, 2]);
    const hi = (c: number) => (1 - IMAGENET.mean[c]!) / IMAGENET.std[c]!, lo = (c: number) => -IMAGENET.mean[c]! / IMAGENET.std[c]!;
    // Hand values: red plane (1 - 0.485) / 0.229 = 2.2489083, -0.485 / 0.229 = -2.1179039.
    expect(hi(0)).toBeCloseTo(2.2489083, 6);
    expect(lo(0)).toBeCloseTo(-2.1179039, 6);
    const expected = [hi(0), lo(0), lo(0), hi(0), lo(1), hi(1), lo(1), hi(1), lo(2), lo(2), hi(2), hi(2)];
    [...x.data].forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
  });

  it('NHWC is the transposition of NCHW, and BGR reverses the channels', () => {
    const rng = new Rng(3);
    const img: RgbaImage = { width: 5, height: 3, data: Uint8ClampedArray.from({ length: 60 }, () => Math.floor(rng.next() * 256)) };
    const spec = { width: 5, height: 3, ...IMAGENET };
    const a = preprocess([img, quadResized(img)], spec);
    const b = preprocess([img, quadResized(img)], { ...spec, layout: 'nhwc' });
    const bgr = preprocess([img], { ...spec, channels: 'bgr', mean: [...IMAGENET.mean].reverse(), std: [...IMAGENET.std].reverse() });
    expect(b.shape).toEqual([2, 3, 5, 3]);
    for (let n = 0; n < 2; n++)
      for (let c = 0; c < 3; c++)
        for (let y = 0; y < 3; y++)
          for (let x = 0; x < 5; x++) {
            const v = a.data[((n * 3 + c) * 3 + y) * 5 + x]!;
            expect(b.data[((n * 3 + y) * 5 + x) * 3 + c]).toBe(v);
            if (n === 0) expect(bgr.data[((2 - c) * 3 + y) * 5 + x]).toBe(v);
          }
  });

  it('grey is BT.601 luma; scale 1 with mean/std in pixel units works (caffe style)', () => {
    const g = preprocess(quad(), { width: 2, height: 2, channels: 'grey' });
    expect(g.shape).toEqual([1, 1, 2, 2]);
    [0.299, 0.587, 0.114, 1].forEach((v, i) => expect(g.data[i]).toBeCloseTo(v, 6));
    const c = preprocess(quad(), { width: 2, height: 2, scale: 1, mean: [100, 110, 120], std: [2] });
    expect([...c.data.subarray(0, 4)]).toEqual([77.5, -50, -50, 77.5]);
  });

  it('stretches with an antialiased triangle filter when shrinking (plain bilinear without antialias)', () => {
    // A 6x1 ramp to 2x1: antialiased weights at centre 1.5 are [1/4, 3/8, 1/4, 1/8] -> 7.5.
    const ramp: RgbaImage = { width: 6, height: 1, data: Uint8ClampedArray.from([0, 6, 12, 18, 24, 30].flatMap((v) => [v, v, v, 255])) };
    const spec = { width: 2, height: 1, channels: 'grey' as const, scale: 1 };
    expect(preprocess(ramp, spec).data[0]).toBeCloseTo(7.5, 4);
    expect(preprocess(ramp, spec).data[1]).toBeCloseTo(30 - 7.5, 4); // mirror image
    expect(preprocess(ramp, { ...spec, antialias: false }).data[0]).toBeCloseTo(6, 4);
    expect([...preprocess(ramp, { ...spec, interpolation: 'nearest' }).data]).toEqual([6, 24]);
    // Growing 2 -> 4 samples at pixel centres: [0, 0.25, 0.75, 1] of the span.
    const two: RgbaImage = { width: 2, height: 1, data: Uint8ClampedArray.from([0, 0, 0, 255, 200, 200, 200, 255]) };
    [0, 50, 150, 200].forEach((v, i) => expect(preprocess(two, { width: 4, height: 1, channels: 'grey', scale: 1 }).data[i]).toBeCloseTo(v, 4));
    const flat = preprocess(createImage(37, 23, [90, 90, 90]), { width: 8, height: 11, channels: 'grey', scale: 1 });
    expect(flat.data.every((v) => Math.abs(v - 90) < 1e-4)).toBe(true);
  });

  it('shorter-side mode resizes with torchvision arithmetic, then crops the centre', () => {
    const spec = { width: 224, height: 224, resize: 'shorter-side' as const, shorterSide: 256 };
    expect(modelGeometry(640, 480, spec)).toEqual({ resizeWidth: 341, resizeHeight: 256, left: 58, top: 16 }); // 58.5 rounds to even
    expect(modelGeometry(480, 640, spec)).toEqual({ resizeWidth: 256, resizeHeight: 341, left: 16, top: 58 });
    expect(modelGeometry(640, 480, { width: 10, height: 20 })).toEqual({ resizeWidth: 10, resizeHeight: 20, left: 0, top: 0 });
    // 4x2 image, shorter side 2: no resize, crop columns 1 and 2.
    const img: RgbaImage = { width: 4, height: 2, data: Uint8ClampedArray.from([10, 20, 30, 40, 50, 60, 70, 80].flatMap((v) => [v, v, v, 255])) };
    const x = preprocess(img, { width: 2, height: 2, channels: 'grey', scale: 1, resize: 'shorter-side' });
    expect([...x.data]).toEqual([20, 30, 60, 70].map((v) => expect.closeTo(v, 4)));
    const view = modelView(img, { width: 2, height: 2, resize: 'shorter-side' });
    expect([view.width, view.height]).toEqual([2, 2]);
    expect([...view.data].filter((_, i) => i % 4 === 0)).toEqual([20, 30, 60, 70]);
  });

  it('toRgba inverts preprocess exactly for images at the model size (rgb, bgr, grey; nchw, nhwc)', () => {
    const rng = new Rng(7);
    const rgb: RgbaImage = { width: 7, height: 4, data: Uint8ClampedArray.from({ length: 112 }, (_, i) => (i % 4 === 3 ? 255 : Math.floor(rng.next() * 256))) };
    for (const spec of [
      { width: 7, height: 4, ...IMAGENET },
      { width: 7, height: 4, ...IMAGENET, channels: 'bgr' as const, layout: 'nhwc' as const },
      { width: 7, height: 4, scale: 2 / 255, mean: [1], std: [1] },
    ]) {
      const back = toRgba(preprocess(rgb, spec), spec);
      expect([back.width, back.height]).toEqual([7, 4]);
      expect(Math.max(...[...back.data].map((v, i) => Math.abs(v - rgb.data[i]!)))).toBeLessThanOrEqual(1);
    }
    const grey = { ...rgb, data: rgb.data.map((v, i) => (i % 4 === 3 ? 255 : rgb.data[i - (i % 4)]!)) };
    const spec = { width: 7, height: 4, channels: 'grey' as const, mean: [0.1307], std: [0.3081] };
    expect([...toRgba(preprocess(grey, spec), spec).data]).toEqual([...grey.data]);
    expect(() => toRgba(preprocess(grey, spec), { ...spec, width: 4 })).toThrow(ShapeMismatchError);
  });

  it('checkSpecShape names both shapes when a spec does not fit the model', () => {
    expect(() => checkSpecShape({ width: 28, height: 28, channels: 'grey' }, [1, 28, 28])).not.toThrow();
    expect(() => checkSpecShape({ width: 28, height: 28 }, [1, 28, 28])).toThrow(/expected shape \[1, 28, 28\], got \[3, 28, 28\]/);
  });
});

/** Another image of the same size (colours rotated), so the batch axis is exercised. */
function quadResized(img: RgbaImage): RgbaImage {
  return { width: img.width, height: img.height, data: img.data.map((v, i) => (i % 4 === 3 ? v : img.data[i - (i % 4) + ((i % 4) + 1) % 3]!)) };
}
