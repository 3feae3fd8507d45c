import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AxplainError } from '../errors.js';
import { PreprocessSpecError } from './errors.js';
import { inferPreprocessSpec } from './infer-preprocess-spec.js';
import { parsePreprocessSpec, preprocessShape } from './preprocess-spec.js';

const card = JSON.parse(readFileSync(new URL('../../../../models/mnist-mlp/card.json', import.meta.url), 'utf8'));

const failure = (v: unknown): PreprocessSpecError => {
  try { parsePreprocessSpec(v, 'm.preprocess.json'); } catch (e) { return e as PreprocessSpecError; }
  throw new Error('no error');
};

describe('parsePreprocessSpec', () => {
  it('fills the defaults, one mean/std value per channel', () => {
    expect(parsePreprocessSpec({ width: 3, height: 2 })).toEqual({
      width: 3, height: 2, channels: 'rgb', layout: 'nchw', resize: 'stretch', shorterSide: 3, interpolation: 'bilinear', antialias: true,
      scale: 1 / 255, mean: [0, 0, 0], std: [1, 1, 1],
    });
  });

  it("reads the model card's preprocessing field as it is", () => {
    const s = parsePreprocessSpec(card.preprocessing);
    expect(s).toMatchObject({ width: 28, height: 28, channels: 'grey', layout: 'nchw', scale: 1 / 255, mean: [0], std: [1], input: 'input' });
    expect(preprocessShape(card.preprocessing)).toEqual([1, 28, 28]);
    // A range of [-1, 1] is (p / 255 - 0.5) / 0.5; [0, 255] is the raw pixel.
    expect(parsePreprocessSpec({ shape: [3, 8, 8], scale: 'pixels in [-1, 1]' })).toMatchObject({ scale: 1 / 255, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] });
    const raw = parsePreprocessSpec({ shape: ['N', 8, 8, 1], layout: 'NHWC', scale: '[0, 255]', mean: [128], std: [64] });
    expect(raw).toMatchObject({ width: 8, height: 8, channels: 'grey', layout: 'nhwc' });
    expect((200 * raw.scale - raw.mean[0]!) / raw.std[0]!).toBeCloseTo((200 - 128) / 64, 12);
  });

  it('names the field and what it accepts', () => {
    const cases: [unknown, string, RegExp][] = [
      [{ width: 2, height: 2, mean: [0.1, 0.2] }, 'mean', /must have 1 value or 3 \(channels 'rgb'\), got 2/],
      [{ width: 2, height: 2, std: [1, 0, 1] }, 'std', /must not contain 0/],
      [{ width: 2, height: 2, meen: [0] }, 'meen', /is not a preprocessing field; the fields are: width, height/],
      [{ width: 2, height: 2, layout: 'NCWH' }, 'layout', /must be 'nchw' or 'nhwc', got "NCWH"/],
      [{ width: 0, height: 2 }, 'width', /positive integer, got 0/],
      [{ height: 2 }, 'width', /is required/],
      [{ shape: [1, 28, 28], channels: 'rgb' }, 'channels', /'rgb' \(3 channels\) but shape \[1,28,28\] has 1/],
      [{ shape: [4, 28, 28] }, 'shape', /4 channels/],
      [{ shape: [1, 28, 28], width: 32 }, 'width', /is 32 but shape .* says 28/],
      [{ width: 2, height: 2, scale: 'normalised' }, 'scale', /range like 'pixels in \[0, 1\]'/],
      [{ width: 2, height: 2, scale: -1 }, 'scale', /> 0, got -1/],
      [{ width: 4, height: 2, resize: 'shorter-side', shorterSide: 3 }, 'shorterSide', /at least 4/],
      [{ width: 2, height: 2, resize: 'crop' }, 'resize', /'stretch' or 'shorter-side'/],
      [[1, 2], '', /must be a JSON object/],
    ];
    for (const [spec, field, message] of cases) {
      const e = failure(spec);
      expect(AxplainError.isInstance(e)).toBe(true);
      expect(e).toBeInstanceOf(PreprocessSpecError);
      expect(e.field).toBe(field);
      expect(e.message).toMatch(/^m\.preprocess\.json: /);
      expect(e.message).toMatch(message);
    }
  });
});

describe('inferPreprocessSpec', () => {
  it('maps [1|3, H, W] and [H, W, 1|3] to [0, 1] pixels, and refuses the rest', () => {
    expect(parsePreprocessSpec(inferPreprocessSpec([1, 28, 28]))).toMatchObject({ width: 28, height: 28, channels: 'grey', layout: 'nchw', scale: 1 / 255, mean: [0], std: [1] });
    expect(inferPreprocessSpec([3, 32, 48])).toMatchObject({ width: 48, height: 32, channels: 'rgb', layout: 'nchw' });
    expect(inferPreprocessSpec([224, 200, 3])).toMatchObject({ width: 200, height: 224, channels: 'rgb', layout: 'nhwc' });
    expect(inferPreprocessSpec([1, 1, 28, 28])).toMatchObject({ width: 28, height: 28, channels: 'grey' });
    expect(() => inferPreprocessSpec([784])).toThrow(/shape \[784\].*Write a <model>\.preprocess\.json/);
    expect(() => inferPreprocessSpec([4, 32, 32])).toThrow(RangeError);
  });
});
