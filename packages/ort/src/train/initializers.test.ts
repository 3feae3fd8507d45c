import { Rng } from '@axplain/core';
import { describe, expect, it } from 'vitest';
import { fans, initialize, initScale } from './initializers.js';

function stats(a: Float32Array): { mean: number; std: number; min: number; max: number } {
  let s = 0, min = Infinity, max = -Infinity;
  for (const v of a) { s += v; min = Math.min(min, v); max = Math.max(max, v); }
  const mean = s / a.length;
  let q = 0;
  for (const v of a) q += (v - mean) ** 2;
  return { mean, std: Math.sqrt(q / a.length), min, max };
}

describe('initialisers', () => {
  it('fans of dense [in, out] and conv [out, in, kh, kw] weights', () => {
    expect(fans([784, 128])).toEqual({ fanIn: 784, fanOut: 128 });
    expect(fans([16, 6, 5, 5])).toEqual({ fanIn: 150, fanOut: 400 });
    expect(fans([10])).toEqual({ fanIn: 10, fanOut: 10 });
  });

  it('He normal on [784, 128]: mean 0 and std sqrt(2/784) within sampling error', () => {
    const w = initialize('he-normal', [784, 128], 0);
    const { mean, std } = stats(w);
    const sigma = Math.sqrt(2 / 784);
    // Sampling sd of the mean is sigma / sqrt(n) (1.6e-4 here), of the std about sigma / sqrt(2n) (0.22%).
    expect(Math.abs(mean)).toBeLessThan((4 * sigma) / Math.sqrt(w.length));
    expect(Math.abs(std / sigma - 1)).toBeLessThan(0.01);
  });

  it('uniform kinds stay inside +-sqrt(6/fan) and fill it (variance limit^2 / 3)', () => {
    for (const [kind, limit] of [['he-uniform', Math.sqrt(6 / 150)], ['glorot-uniform', Math.sqrt(6 / 550)]] as const) {
      const w = initialize(kind, [16, 6, 5, 5], 3);
      const s = stats(w);
      expect(s.max).toBeLessThanOrEqual(limit);
      expect(s.min).toBeGreaterThanOrEqual(-limit);
      expect(s.max).toBeGreaterThan(0.98 * limit);
      expect(Math.abs(s.std / (limit / Math.sqrt(3)) - 1)).toBeLessThan(0.06); // n = 2400: sd of the std ~1.3%
    }
    expect(initScale('glorot-normal', [100, 300])).toBeCloseTo(Math.sqrt(2 / 400), 12);
  });

  it('is deterministic per seed, differs across seeds, and draws from a shared Rng in order', () => {
    const a = initialize('glorot-normal', [20, 30], 7);
    expect(initialize('glorot-normal', [20, 30], 7)).toEqual(a);
    expect(initialize('glorot-normal', [20, 30], 8)).not.toEqual(a);
    const rng = new Rng(7);
    expect(initialize('glorot-normal', [20, 30], rng)).toEqual(a);
    expect(initialize('glorot-normal', [20, 30], rng)).not.toEqual(a); // the stream moved on
    expect(initialize('zeros', [3, 2], 0)).toEqual(new Float32Array(6));
  });

  it('rejects unknown kinds and bad shapes', () => {
    expect(() => initialize('lecun' as never, [2], 0)).toThrow(/unknown initialiser 'lecun'; choose one of he-normal/);
    expect(() => initialize('he-normal', [2, 0], 0)).toThrow(/shape: dims must be integers >= 1/);
  });
});
