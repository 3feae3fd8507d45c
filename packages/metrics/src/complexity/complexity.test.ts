import { tensor } from '@axplain/core';
import { describe, expect, it } from 'vitest';
import { MetricInputError } from '../input.js';
import { attributionEntropy, entropy } from './entropy.js';
import { gini, giniIndex } from './gini.js';
import { hoyerSparseness, sparseness } from './sparseness.js';

const oneHot = (n: number) => Float32Array.from({ length: n }, (_, i) => (i === 3 ? -2 : 0));

describe('complexity: Gini, entropy, Hoyer sparseness', () => {
  // Quantus: Sparseness (abs=True) is this Gini index; Complexity (abs=True) is this entropy. No parameters to map.
  it('Gini (Chalasani et al.): one-hot -> (n - 1) / n, constant -> 0, sign-blind, scale-free', () => {
    expect(giniIndex(oneHot(100))).toBeCloseTo(0.99, 4); // less the 1e-7 smoothing
    expect(giniIndex(new Float32Array(100).fill(0.3))).toBeCloseTo(0, 12);
    expect(giniIndex(Float32Array.of(1, -2, 3))).toBeCloseTo(giniIndex(Float32Array.of(10, 20, 30)), 6);
    // hand: sorted 1, 2, 3 (n = 3): (-2*1 + 0*2 + 2*3) / (3 * 6) = 4/18
    expect(giniIndex(Float32Array.of(3, 1, 2))).toBeCloseTo(4 / 18, 6);
  });
  it('entropy (Bhatt et al.): one-hot -> 0, constant -> ln n; NaN for a zero map', () => {
    expect(attributionEntropy(oneHot(50))).toBe(0);
    expect(attributionEntropy(new Float32Array(50).fill(-1))).toBeCloseTo(Math.log(50), 12);
    expect(attributionEntropy(new Float32Array(3))).toBeNaN();
  });
  it('Hoyer sparseness: one-hot -> 1, constant -> 0', () => {
    expect(hoyerSparseness(oneHot(64))).toBeCloseTo(1, 12);
    expect(hoyerSparseness(new Float32Array(64).fill(2))).toBeCloseTo(0, 12);
    expect(hoyerSparseness(Float32Array.of(1, 1, 0, 0))).toBeCloseTo((2 - 2 / Math.SQRT2) / (2 - 1), 12);
  });
  it('per sample through the registry form, with the aggregate over finite values only', async () => {
    const a = tensor([...oneHot(4), 1, 1, 1, 1, 0, 0, 0, 0], [3, 4]);
    const g = await gini({ attribution: a });
    expect(g.perSample[0]).toBeCloseTo(0.75, 6);
    expect(g.perSample[1]).toBeCloseTo(0, 6);
    const h = await entropy({ attribution: a });
    expect(h.n).toBe(2);
    expect(h.mean).toBeCloseTo(Math.log(4) / 2, 12);
    expect((await sparseness({ attribution: a })).perSample[0]).toBeCloseTo(1, 12);
  });
  it('rejects a missing attribution, a map that is not batch-first and a non-finite value', async () => {
    await expect(gini({})).rejects.toBeInstanceOf(MetricInputError);
    await expect(gini({ attribution: tensor([], [0, 4]) })).rejects.toThrow(/attribution/);
    await expect(gini({ attribution: tensor([1, 2, NaN, 4], [2, 2]) })).rejects.toThrow('gini: attribution value 2 (sample 1) is NaN; every value must be finite');
  });
});
