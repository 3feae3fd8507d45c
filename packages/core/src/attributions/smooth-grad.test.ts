import { describe, expect, it } from 'vitest';
import { TargetError } from '../errors.js';
import { Rng } from '../rng.js';
import { LinearModel, ReluModel } from '../testing/linear-model.js';
import type { Tensor } from '../tensor.js';
import { gradientXInput } from './gradient-x-input.js';
import { integratedGradients } from './integrated-gradients.js';
import { saliency } from './saliency.js';
import { smoothGrad } from './smooth-grad.js';
import type { AttributionMethod } from './types.js';

const D = 6, C = 3, N = 2;
const W = new Rng(1).fillNormal(C * D);
const linear = () => new LinearModel([D], C, W);
const relu = () => new ReluModel([D], C, new Rng(2).fillNormal(16 * D), new Rng(3).fillNormal(16, 0.2), new Rng(4).fillNormal(C * 16));
const x: Tensor = { data: new Rng(5).fillUniform(N * D, 0, 1), shape: [N, D] };
const wy = (y: number) => [...W.subarray(y * D, (y + 1) * D)];

describe('smoothGrad on a linear model (the gradient does not depend on the noise)', () => {
  it("'mean' is W_y exactly, 'squared' W_y^2, 'vargrad' 0", async () => {
    const mean = await smoothGrad(linear(), x, { target: 1, samples: 13, seed: 3 });
    const sq = await smoothGrad(linear(), x, { target: 1, samples: 13, seed: 3, variant: 'squared' });
    const vg = await smoothGrad(linear(), x, { target: 1, samples: 13, seed: 3, variant: 'vargrad' });
    for (let n = 0; n < N; n++) {
      expect([...mean.attribution.data.subarray(n * D, (n + 1) * D)]).toEqual(wy(1));
      expect([...sq.attribution.data.subarray(n * D, (n + 1) * D)]).toEqual(wy(1).map((v) => Math.fround(v * v)));
    }
    expect([...vg.attribution.data]).toEqual(new Array(N * D).fill(0));
    expect(mean.samples).toBe(13);
    expect(mean.variant).toBe('mean');
  });
  it('sigma is relative to each sample\'s range by default, absolute on request', async () => {
    const r = await smoothGrad(linear(), x, { target: 0, samples: 2 });
    for (let n = 0; n < N; n++) {
      const s = [...x.data.subarray(n * D, (n + 1) * D)];
      expect(r.sigma[n]).toBeCloseTo(0.15 * (Math.max(...s) - Math.min(...s)), 6);
    }
    expect([...(await smoothGrad(linear(), x, { target: 0, samples: 2, sigma: 0.3, sigmaMode: 'absolute' })).sigma]).toEqual([0.3, 0.3].map(Math.fround));
  });
  it('wraps any method: gradientXInput over noise is W_y * mean(x + noise), near W_y * x', async () => {
    const r = await smoothGrad(linear(), x, { target: 2, base: gradientXInput, samples: 400, seed: 1 });
    for (let i = 0; i < N * D; i++) {
      const w = W[2 * D + (i % D)]!;
      // mean of 400 draws: the noise average has std sigma / 20
      expect(Math.abs(r.attribution.data[i]! - w * x.data[i]!)).toBeLessThan(4 * Math.abs(w) * (r.sigma[Math.floor(i / D)]! / 20) + 1e-6);
    }
  });
});

describe('smoothGrad with noise that matters (ReLU model)', () => {
  it('is seeded: same seed same result, another seed another; sigma 0 is plain saliency', async () => {
    const run = (seed: number) => smoothGrad(relu(), x, { target: 0, samples: 8, seed, variant: 'vargrad' });
    expect((await run(1)).attribution.data).toEqual((await run(1)).attribution.data);
    expect((await run(1)).attribution.data).not.toEqual((await run(2)).attribution.data);
    expect(Math.max(...(await run(1)).attribution.data)).toBeGreaterThan(0);
    const plain = await saliency(relu(), x, { target: 0 });
    expect((await smoothGrad(relu(), x, { target: 0, samples: 3, sigma: 0 })).attribution.data).toEqual(plain.attribution.data);
  });
  it('equals the mean of the base method over the same noisy copies (draw-major from the seed)', async () => {
    const S = 5;
    const r = await smoothGrad(relu(), x, { target: [1, 2], samples: S, seed: 9, sigma: 0.4, sigmaMode: 'absolute' });
    const rng = new Rng(9);
    const acc = new Float64Array(N * D);
    for (let s = 0; s < S; s++) {
      const noisy = { data: x.data.map((v) => v + 0.4 * rng.normal()), shape: x.shape };
      const g = await saliency(relu(), noisy, { target: [1, 2] });
      g.attribution.data.forEach((v, i) => (acc[i]! += v / S));
    }
    r.attribution.data.forEach((v, i) => expect(v).toBeCloseTo(acc[i]!, 6));
  });
  it('internalBatchSize changes only the number of model calls', async () => {
    const reference = await smoothGrad(relu(), x, { samples: 10, seed: 4 });
    for (const ibs of [1, 2, 3, 7, 64]) {
      const m = relu();
      const r = await smoothGrad(m, x, { samples: 10, seed: 4, internalBatchSize: ibs });
      expect(r.attribution.data).toEqual(reference.attribution.data);
      const group = Math.max(1, Math.min(10, Math.floor(ibs / N)));
      const perCall = Math.ceil((group * N) / ibs);
      const calls = Math.floor(10 / group) * perCall + (10 % group ? Math.ceil(((10 % group) * N) / ibs) : 0);
      expect(m.calls).toEqual({ logits: Math.ceil(N / ibs), vjp: calls, samples: N + 10 * N });
    }
  });
  it('wraps integratedGradients with its own options', async () => {
    const m = relu();
    const r = await smoothGrad(m, x, { target: 0, base: integratedGradients, baseOptions: { steps: 4, method: 'riemann_left' }, samples: 3, internalBatchSize: 100 });
    expect(m.calls.vjp).toBe(1); // 3 draws x 2 samples x 4 steps = 24 rows in one internal batch
    expect(m.calls.samples).toBe(24 + 2 * 6);
    expect(r.attribution.shape).toEqual([N, D]);
  });
});

describe('smoothGrad errors', () => {
  it('rejects bad samples, sigma, variant, sigmaMode, base and targets', async () => {
    const m = linear();
    await expect(smoothGrad(m, x, { samples: 0 })).rejects.toThrow(/samples: must be an integer >= 1, got 0/);
    await expect(smoothGrad(m, x, { sigma: -1 })).rejects.toThrow(/sigma: must be a finite number >= 0/);
    await expect(smoothGrad(m, x, { variant: 'median' as never })).rejects.toThrow(/variant: unknown value 'median'; use one of 'mean', 'squared', 'vargrad'/);
    await expect(smoothGrad(m, x, { sigmaMode: 'pixels' as never })).rejects.toThrow(/sigmaMode/);
    await expect(smoothGrad(m, x, { base: 'saliency' as unknown as AttributionMethod })).rejects.toThrow(TypeError);
    await expect(smoothGrad(m, x, { target: -1 })).rejects.toThrow(TargetError);
    expect(m.calls.vjp).toBe(0);
  });
});
