import { describe, expect, it } from 'vitest';
import { Rng } from '../../rng.js';
import { attackDiagnostics } from './diagnostics.js';
import { sampleBeta } from './samplers.test-util.js';

describe('attackDiagnostics', () => {
  it('per sample: histogram of every value, mean, median, Table 2 quantiles, skewness, beta fit', () => {
    const rng = new Rng(9);
    const d = 3 * 32 * 32;
    // sample 0: symmetric Beta(11, 11) on [-0.02, 0.02]; sample 1: [1, 2, 3, 10] repeated
    const data = new Float32Array(2 * d);
    for (let i = 0; i < d; i++) data[i] = 0.02 * (2 * sampleBeta(rng, 11, 11) - 1);
    for (let i = 0; i < d; i++) data[d + i] = [1, 2, 3, 10][i % 4]!;
    const [a, b] = attackDiagnostics({ data, shape: [2, 3, 32, 32] }, { bins: 20, betaRange: undefined });
    expect(a!.histogram.counts.reduce((p, q) => p + q, 0)).toBe(d);
    expect(Math.abs(a!.skewness)).toBeLessThan(0.15);
    expect(Math.abs(a!.mean)).toBeLessThan(3e-4);
    expect(a!.percentiles).toEqual([15, 25, 75, 85]);
    // symmetric: the 15th and 85th percentiles mirror each other (Table 2)
    expect(a!.quantiles[0]! + a!.quantiles[3]!).toBeCloseTo(0, 3);
    expect(a!.quantiles[0]!).toBeLessThan(a!.quantiles[1]!);
    expect(a!.beta.p / a!.beta.q).toBeCloseTo(1, 1);
    expect(b!.skewness).toBeCloseTo(45 / 12.5 ** 1.5, 5);
    expect(b!.mean).toBeCloseTo(4, 6);
    expect(b!.median).toBe(2.5);
    expect(Array.from(b!.histogram.counts.filter((c) => c > 0))).toEqual([d / 4, d / 4, d / 4, d / 4]);
  });
  it('an all-zero delta (no attack) has NaN skewness and NaN beta shapes, not an error', () => {
    const [z] = attackDiagnostics({ data: new Float32Array(8), shape: [1, 8] });
    expect(z!.skewness).toBeNaN();
    expect(z!.beta.p).toBeNaN();
    expect(z!.histogram.counts.reduce((p, q) => p + q, 0)).toBe(8);
  });
});
