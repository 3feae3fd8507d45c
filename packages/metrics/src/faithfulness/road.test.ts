import { gradientXInput, Rng, tensor } from '@axplain/core';
import { LinearModel } from '@axplain/core/testing';
import { describe, expect, it } from 'vitest';
import { spatialOf } from '../spatial.js';
import { noisyLinearImputation } from './noisy-linear-imputation.js';
import { road } from './road.js';

describe('noisy linear imputation (ROAD)', () => {
  it('reproduces a plane in the interior exactly (noise 0), whatever the removed pattern; a constant image stays constant', () => {
    const sp = spatialOf([2, 8, 8], 'nchw', 'test');
    const plane = Float32Array.from({ length: 128 }, (_, i) => (i < 64 ? 0.1 * Math.floor(i / 8) + 0.05 * (i % 8) : 0.7));
    const removed = new Uint8Array(64);
    for (const p of [9, 10, 11, 18, 19, 27, 36, 37, 45, 54]) removed[p] = 1; // interior pixels, some adjacent
    const v = plane.slice();
    v[9] = 99; v[64 + 27] = -5; // the removed values must not matter
    noisyLinearImputation(v, sp, removed, 0, new Rng(1));
    for (let i = 0; i < 128; i++) expect(v[i]).toBeCloseTo(plane[i]!, 5);
  });
  it('adds noise of the given std to the imputed pixels only', () => {
    const sp = spatialOf([32, 32], 'nchw', 'test');
    const v = new Float32Array(1024).fill(0.5);
    const removed = Uint8Array.from({ length: 1024 }, (_, p) => (p % 2 ? 1 : 0));
    noisyLinearImputation(v, sp, removed, 0.1, new Rng(2));
    let ss = 0;
    for (let p = 1; p < 1024; p += 2) ss += (v[p]! - 0.5) ** 2;
    expect(Math.sqrt(ss / 512)).toBeGreaterThan(0.09);
    expect(Math.sqrt(ss / 512)).toBeLessThan(0.11);
    for (let p = 0; p < 1024; p += 2) expect(v[p]).toBe(0.5);
  });
});

describe('ROAD', () => {
  const rng = new Rng(5);
  // A bright 4x4 blob on a dark 8x8 background; class 0's logit is the blob's sum.
  const blob = Float32Array.from({ length: 64 }, (_, p) => (Math.abs(Math.floor(p / 8) - 3.5) < 2 && Math.abs((p % 8) - 3.5) < 2 ? 1 : 0));
  const model = new LinearModel([1, 8, 8], 2, Float32Array.from({ length: 128 }, (_, i) => (i < 64 ? blob[i]! : 0)));
  const x = tensor(blob, [1, 1, 8, 8]);
  it('MoRF: the blob map (gradient x input) drops the logit faster than random maps; LeRF keeps it longest', async () => {
    const { attribution } = await gradientXInput(model, x, { target: 0 });
    const o = { steps: 10, score: 'logit', noise: 0 } as const;
    const good = await road({ model, x, attribution, target: 0 }, o);
    const lerf = await road({ model, x, attribution, target: 0 }, { ...o, order: 'lerf' });
    for (let k = 0; k < 3; k++) {
      const bad = await road({ model, x, attribution: tensor(rng.fillNormal(64), [1, 1, 8, 8]), target: 0 }, o);
      expect(good.mean).toBeLessThan(bad.mean - 0.5);
      expect(lerf.mean).toBeGreaterThan(bad.mean + 0.5);
    }
    // LeRF removes background first: the blob (16 of 64 pixels) is whole up to 75% removed.
    expect(Array.from(lerf.detail.curves[0]!.slice(0, 7)).every((v) => Math.abs(v - 16) < 1e-4)).toBe(true);
    expect(good.detail.percentages).toEqual([5, 15, 25, 35, 45, 55, 65, 75, 85, 95]);
  });
  it("score 'accuracy' (Quantus' ROAD curve): 1 while class 0 (the blob's sum) beats class 1 (bias 8), else 0", async () => {
    const biased = new LinearModel([1, 8, 8], 2, model.weight, Float32Array.of(0, 8));
    const { attribution } = await gradientXInput(biased, x, { target: 0 });
    const o = { steps: 10, score: 'accuracy', noise: 0 } as const;
    const lerf = await road({ model: biased, x, attribution, target: 0 }, { ...o, order: 'lerf' });
    const morf = await road({ model: biased, x, attribution, target: 0 }, o);
    expect(Array.from(lerf.detail.curves[0]!.slice(0, 7))).toEqual([1, 1, 1, 1, 1, 1, 1]);
    for (const v of [...lerf.detail.curves[0]!, ...morf.detail.curves[0]!]) expect([0, 1]).toContain(v);
    expect(morf.mean).toBeLessThan(lerf.mean);
  });
  it("Quantus' defaults: 50 percentages 1, 3, ..., 99, noise 0.01; seeded and independent of the batch size", async () => {
    const { attribution } = await gradientXInput(model, x, { target: 0 });
    const a = await road({ model, x, attribution, target: 0 }, { seed: 3 });
    expect(a.detail.percentages.slice(0, 3)).toEqual([1, 3, 5]);
    expect(a.detail.percentages.at(-1)).toBe(99);
    const b = await road({ model, x, attribution, target: 0 }, { seed: 3 }, { batchSize: 7 });
    expect(Array.from(b.perSample)).toEqual(Array.from(a.perSample));
  });
  it('rejects a model input that is not an image', async () => {
    const flat = new LinearModel([4], 2, new Float32Array(8));
    await expect(road({ model: flat, x: tensor([1, 2, 3, 4], [1, 4]), attribution: tensor([1, 2, 3, 4], [1, 4]) })).rejects.toThrow(/pixel metrics need an image/);
  });
});
