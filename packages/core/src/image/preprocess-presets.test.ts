import { describe, expect, it } from 'vitest';
import { PreprocessSpecError } from './errors.js';
import { imageMetadataSpec } from './image-metadata.js';
import { preprocess } from './preprocess.js';
import { PREPROCESS_PRESETS, presetSpec } from './preprocess-presets.js';
import type { RgbaImage } from './rgba-image.js';

/** A w x h image of one colour. */
const solid = (w: number, h: number, [r, g, b]: [number, number, number]): RgbaImage => {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let i = 0; i < w * h; i++) data.set([r, g, b, 255], i * 4);
  return { width: w, height: h, data };
};
const first = (spec: Parameters<typeof preprocess>[1], img: RgbaImage, plane: number, hw: number) => preprocess([img], spec).data[plane * hw]!;

describe('preprocessing presets', () => {
  it('imagenet: torchvision mean/std on RGB in [0, 1], resize 256 + centre crop 224', () => {
    const spec = presetSpec('imagenet', [1, 3, 224, 224]);
    expect(spec).toMatchObject({ width: 224, height: 224, channels: 'rgb', layout: 'nchw', resize: 'shorter-side', shorterSide: 256 });
    const img = solid(300, 260, [255, 128, 0]);
    const hw = 224 * 224;
    expect(first(spec, img, 0, hw)).toBeCloseTo((1 - 0.485) / 0.229, 4);
    expect(first(spec, img, 1, hw)).toBeCloseTo((128 / 255 - 0.456) / 0.224, 4);
    expect(first(spec, img, 2, hw)).toBeCloseTo(-0.406 / 0.225, 4);
  });

  it('caffe: BGR order, 0-255 minus the BGR mean; inception: [-1, 1]; unit: [0, 1] and grey follows the shape', () => {
    const img = solid(40, 40, [255, 128, 0]);
    const caffe = presetSpec('caffe', [3, 32, 32]);
    expect(caffe.channels).toBe('bgr');
    expect(caffe.shorterSide).toBe(37); // round(32 * 256 / 224)
    expect(first(caffe, img, 0, 1024)).toBeCloseTo(0 - 103.939, 3); // blue plane first
    expect(first(caffe, img, 2, 1024)).toBeCloseTo(255 - 123.68, 3);
    const inc = presetSpec('inception', [299, 299, 3]);
    expect(inc).toMatchObject({ layout: 'nhwc', shorterSide: 342 });
    const x = preprocess([solid(10, 10, [255, 0, 128])], { ...inc, width: 10, height: 10, shorterSide: 10 });
    expect([x.data[0], x.data[1], x.data[2]].map((v) => +v!.toFixed(4))).toEqual([1, -1, +(256 / 255 - 1).toFixed(4)]);
    expect(presetSpec('unit', [1, 28, 28])).toMatchObject({ channels: 'grey', resize: 'stretch', scale: 1 / 255, mean: [0], std: [1] });
  });

  it('every preset yields a valid spec on a colour input, listed with a description', () => {
    for (const p of PREPROCESS_PRESETS) {
      expect(p.about.length).toBeGreaterThan(20);
      expect(preprocess([solid(8, 8, [1, 2, 3])], presetSpec(p.name, [3, 8, 8])).shape).toEqual([1, 3, 8, 8]);
    }
  });

  it('names the problem: unknown preset, colour preset on a grey model, a shape no image maps to', () => {
    expect(() => presetSpec('imagnet', [3, 8, 8])).toThrow("preprocess: unknown preset 'imagnet'; choose one of imagenet, caffe, inception, unit");
    expect(() => presetSpec('imagenet', [1, 28, 28])).toThrow(PreprocessSpecError);
    expect(() => presetSpec('imagenet', [1, 28, 28])).toThrow(/preset 'imagenet': field 'channels' is for 3-channel RGB inputs; this model's input \[1, 28, 28\] has 1/);
    expect(() => presetSpec('unit', [784])).toThrow(/cannot infer how images map to an input of shape \[784\]; only .* have a preset/);
  });
});

describe('ONNX image metadata', () => {
  it('is undefined when the model carries no Image.* key', () => {
    expect(imageMetadataSpec({ producer: 'x' }, [3, 8, 8])).toBeUndefined();
  });

  it('maps pixel format and nominal range (any case) to channels and values', () => {
    const r = imageMetadataSpec({ 'image.bitmappixelformat': 'BGR8', 'Image.NominalPixelRange': 'NominalRange_0_255' }, [1, 3, 4, 4])!;
    expect(r.spec).toMatchObject({ width: 4, height: 4, channels: 'bgr', scale: 1, mean: [0], std: [1] });
    expect(r.read).toEqual(['image.bitmappixelformat=BGR8', 'Image.NominalPixelRange=NominalRange_0_255']);
    const img = solid(4, 4, [255, 0, 0]);
    // Normalized_1_1: red 255 -> 1, blue 0 -> -1; NominalRange_16_235: 255 -> 235, 0 -> 16.
    const one = preprocess([img], imageMetadataSpec({ 'Image.NominalPixelRange': 'Normalized_1_1' }, [3, 4, 4])!.spec).data;
    expect([one[0], one[32]]).toEqual([1, -1]);
    const studio = preprocess([img], imageMetadataSpec({ 'Image.NominalPixelRange': 'NominalRange_16_235' }, [3, 4, 4])!.spec).data;
    expect(studio[0]).toBeCloseTo(235, 4);
    expect(studio[32]).toBeCloseTo(16, 4);
    expect(imageMetadataSpec({ 'Image.BitmapPixelFormat': 'Gray8' }, [1, 4, 4])!.spec).toMatchObject({ channels: 'grey', scale: 1 / 255 });
    expect(imageMetadataSpec({ 'Image.ColorSpaceGamma': 'Linear' }, [3, 4, 4])!.notes[0]).toMatch(/not linearised/);
  });

  it('rejects values outside the ONNX lists and formats the input cannot take, naming the key', () => {
    expect(() => imageMetadataSpec({ 'Image.BitmapPixelFormat': 'Rgb16' }, [3, 4, 4])).toThrow(/field 'Image.BitmapPixelFormat' 'Rgb16' is not an ONNX pixel format/);
    expect(() => imageMetadataSpec({ 'Image.BitmapPixelFormat': 'Bgra8' }, [3, 4, 4])).toThrow(/has four channels/);
    expect(() => imageMetadataSpec({ 'Image.BitmapPixelFormat': 'Rgb8' }, [1, 4, 4])).toThrow(/does not match the input \[1, 4, 4\]/);
    expect(() => imageMetadataSpec({ 'Image.NominalPixelRange': '0-1' }, [3, 4, 4])).toThrow(/is not an ONNX pixel range/);
  });
});
