import { describe, expect, it } from 'vitest';
import { Rng } from '../../rng.js';
import { fitBeta } from './beta-fit.js';
import { sampleBeta } from './samplers.test-util.js';

describe('fitBeta (method of moments)', () => {
  it('hand example: [0.2, 0.4, 0.6, 0.8] on [0, 1] has m = 0.5, v = 1/15, p = q = 1.375', () => {
    const f = fitBeta([0.2, 0.4, 0.6, 0.8], { range: [0, 1] });
    expect(f.mean).toBeCloseTo(0.5, 12);
    expect(f.variance).toBeCloseTo(1 / 15, 12);
    expect(f.p).toBeCloseTo(1.375, 12);
    expect(f.q).toBeCloseTo(1.375, 12);
  });
  it.each([[2, 5], [11.3, 11.4], [0.7, 1.5], [130, 131]])('recovers Beta(%d, %d) from 20000 seeded draws within 5%', (p, q) => {
    const rng = new Rng(42);
    const v = Float64Array.from({ length: 20_000 }, () => sampleBeta(rng, p, q));
    const f = fitBeta(v, { range: [0, 1] });
    expect(Math.abs(f.p / p - 1)).toBeLessThan(0.05);
    expect(Math.abs(f.q / q - 1)).toBeLessThan(0.05);
  });
  it('recovers the shape of a sample on [-eps, eps] given that range (attack magnitudes)', () => {
    const rng = new Rng(7);
    const v = Float64Array.from({ length: 20_000 }, () => 0.02 * (2 * sampleBeta(rng, 11, 11) - 1));
    const f = fitBeta(v, { range: [-0.02, 0.02] });
    expect(f.p).toBeGreaterThan(11 * 0.95);
    expect(f.p).toBeLessThan(11 * 1.05);
    expect(f.q).toBeGreaterThan(11 * 0.95);
  });
  it('default range: the sample span widened by (max - min) / (n - 1); a uniform sample fits Beta(1, 1)', () => {
    const f = fitBeta([1, 2, 3]);
    expect([f.lo, f.hi]).toEqual([0, 4]);
    const rng = new Rng(3);
    const u = fitBeta(Float64Array.from({ length: 20_000 }, () => 5 + 2 * rng.next()));
    expect(u.p).toBeCloseTo(1, 1);
    expect(u.q).toBeCloseTo(1, 1);
  });
  it('NaN shapes when no beta has the moments; errors for bad ranges', () => {
    expect(fitBeta([0, 0, 1, 1], { range: [0, 1] }).p).toBeNaN(); // v = 1/3 > m (1 - m) = 1/4
    expect(fitBeta([3, 3, 3]).p).toBeNaN();
    expect(() => fitBeta([0.5, 2], { range: [0, 1] })).toThrow(/outside the given \[0, 1\]/);
    expect(() => fitBeta([1])).toThrow(/at least 2/);
  });
});
