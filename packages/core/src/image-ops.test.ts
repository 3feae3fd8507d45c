import { describe, expect, it } from 'vitest';
import { gaussianBlur, gaussianKernel1d } from './image-ops.js';
import { Rng } from './rng.js';

describe('gaussianKernel1d', () => {
  it('is normalised, symmetric, of radius ceil(truncate * sigma), proportional to exp(-k^2 / 2 sigma^2)', () => {
    const k = gaussianKernel1d(1.3);
    expect(k.length).toBe(2 * Math.ceil(4 * 1.3) + 1);
    expect(k.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 15);
    const r = (k.length - 1) / 2;
    for (let i = 1; i <= r; i++) {
      expect(k[r + i]).toBe(k[r - i]);
      expect(k[r + i]! / k[r]!).toBeCloseTo(Math.exp(-(i * i) / (2 * 1.3 * 1.3)), 14);
    }
    expect([...gaussianKernel1d(0)]).toEqual([1]);
    expect(gaussianKernel1d(1, 2).length).toBe(5);
    expect(() => gaussianKernel1d(-1)).toThrow(/sigma: must be a finite number >= 0, got -1/);
  });
});

describe('gaussianBlur', () => {
  it('blurs an impulse into the outer product of the 1-D kernels, per plane, leaving other planes alone', () => {
    const [h, w] = [15, 17];
    const img = new Float32Array(2 * h * w);
    img[7 * w + 8] = 1; // plane 0 only
    const out = gaussianBlur({ data: img, shape: [1, 2, h, w] }, [1, 2]);
    const kh = gaussianKernel1d(1), kw = gaussianKernel1d(2);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const dy = y - 7 + (kh.length - 1) / 2, dx = x - 8 + (kw.length - 1) / 2;
        const expected = dy >= 0 && dy < kh.length && dx >= 0 && dx < kw.length ? kh[dy]! * kw[dx]! : 0;
        expect(out.data[y * w + x]).toBeCloseTo(expected, 7);
      }
    expect(out.data.subarray(h * w).every((v) => v === 0)).toBe(true);
    expect(out.shape).toEqual([1, 2, h, w]);
  });
  it('keeps constants constant and the mean of any image (reflected borders conserve mass)', () => {
    expect([...gaussianBlur({ data: new Float32Array(3 * 5 * 4).fill(0.25), shape: [3, 5, 4] }, 3).data].every((v) => Math.abs(v - 0.25) < 1e-7)).toBe(true);
    const img = new Rng(1).fillUniform(9 * 11, 0, 1);
    const out = gaussianBlur({ data: img, shape: [9, 11] }, 1.5);
    const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(out.data)).toBeCloseTo(mean(img), 5);
    // blurring shrinks the spread
    const sd = (a: Float32Array) => Math.sqrt(a.reduce((s, v) => s + (v - mean(a)) ** 2, 0) / a.length);
    expect(sd(out.data)).toBeLessThan(0.5 * sd(img));
  });
  it('reflects at borders (half-sample symmetric), also for kernels wider than the image', () => {
    // one row [1, 0, 0]: reflected it is ... 0 0 1 | 1 0 0 | 0 0 1 ...
    const out = gaussianBlur({ data: Float32Array.of(1, 0, 0), shape: [1, 3] }, [0, 1]);
    const k = gaussianKernel1d(1); // radius 4
    const ext = (i: number) => { const m = ((i % 6) + 6) % 6; return (m < 3 ? m : 5 - m) === 0 ? 1 : 0; };
    for (let x = 0; x < 3; x++) {
      let e = 0;
      for (let j = -4; j <= 4; j++) e += k[j + 4]! * ext(x + j);
      expect(out.data[x]).toBeCloseTo(e, 7);
    }
    expect(out.data.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(gaussianBlur({ data: Float32Array.of(1, 2), shape: [1, 2] }, 0).data).toEqual(Float32Array.of(1, 2));
    expect(() => gaussianBlur({ data: Float32Array.of(1, 2), shape: [2] }, 1)).toThrow(/rank >= 2 .*got shape \[2\]/);
  });
});
