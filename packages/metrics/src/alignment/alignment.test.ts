import { Rng, tensor } from '@axplain/core';
import { LinearModel, ReluModel } from '@axplain/core/testing';
import { describe, expect, it } from 'vitest';
import type { Explainer } from '../types.js';
import { attributionDistance, igBigDistance, smBsmDistance } from './alignment.js';

// f(x) = (x0, x1): the boundary of class 0 at x = (0.6, 0.4) is the line x0 = x1, closest point (0.5, 0.5).
const model = () => new LinearModel([2], 2, Float32Array.of(1, 0, 0, 1));
const x = tensor([0.6, 0.4], [1, 2]);

describe('alignment: |SM - BSM| and |IG - BIG| (Wang et al.)', () => {
  it('a linear model has the same gradient everywhere: |SM - BSM| = 0', async () => {
    expect((await smBsmDistance({ model: model(), x })).perSample[0]).toBeCloseTo(0, 6);
  });
  it('|IG - BIG| on the linear model = |W_0 * x\'| = 0.5 (IG = (0.6, 0), BIG = (x - x\') W_0 = (0.1, 0))', async () => {
    expect((await igBigDistance({ model: model(), x })).perSample[0]).toBeCloseTo(0.5, 2); // the search lands within ~1e-3 of the boundary
  });
  it('a ReLU network: SM and BSM differ (a kink between x and its boundary point)', async () => {
    const rng = new Rng(4);
    const relu = new ReluModel([6], 3, rng.fillNormal(60), rng.fillNormal(10, 0.3), rng.fillNormal(30), rng.fillNormal(3));
    const xs = tensor(rng.fillUniform(18, 0, 1), [3, 6]);
    expect((await smBsmDistance({ model: relu, x: xs })).mean).toBeGreaterThan(0.01);
  });
  it('attributionDistance by hand; unit normalisation makes it scale-free', async () => {
    const a: Explainer = async (_m, xs) => ({ data: xs.data.map(() => 3), shape: xs.shape });
    const b: Explainer = async (_m, xs) => ({ data: xs.data.map((_, i) => (i % 2 ? 0 : 6)), shape: xs.shape });
    expect((await attributionDistance({ model: model(), x, target: 0 }, a, b)).perSample[0]).toBeCloseTo(Math.sqrt(9 + 9), 12);
    expect((await attributionDistance({ model: model(), x, target: 0 }, a, b, { normalize: 'unit' })).perSample[0]).toBeCloseTo(Math.hypot(Math.SQRT1_2 - 1, Math.SQRT1_2), 6); // float32 maps
    await expect(attributionDistance({ model: model(), x }, a, b, { normalize: 'l1' as never })).rejects.toThrow(/normalize: unknown value 'l1'/);
  });
});
