import { gradientXInput, integratedGradients, Rng, saliency, tensor, type Tensor } from '@axplain/core';
import { LinearModel, ReluModel } from '@axplain/core/testing';
import { describe, expect, it } from 'vitest';
import { completeness } from './completeness.js';
import { faithfulnessCorrelation } from './faithfulness-correlation.js';
import { infidelity } from './infidelity.js';

const rng = new Rng(7);
// f(x) = W x + b, 3 classes, 4 inputs: f_y(x) - f_y(x - I) = W_y . I exactly.
const w = Float32Array.of(0.5, -1, 2, 0.25, 1, 1, -1, 0, -0.5, 0.3, 0.1, 1.5);
const model = () => new LinearModel([4], 3, w, Float32Array.of(0.3, -0.2, 0.1));
const x = tensor([0.2, 0.9, 0.4, 0.7, 0.6, 0.1, 0.8, 0.3], [2, 4]);
const target = [0, 2];
const scale = (t: Tensor, k: number): Tensor => ({ data: t.data.map((v) => k * v), shape: t.shape });

describe('faithfulness correlation (Bhatt et al.; Quantus FaithfulnessCorrelation)', () => {
  // Quantus: subset_size -> subsetSize, nr_runs -> samples, perturb_baseline 'black' -> baseline 0, similarity_func pearson.
  it('gradient x input on a linear model with a zero baseline correlates exactly (1); its negation -1', async () => {
    const { attribution } = await gradientXInput(model(), x, { target });
    const r = await faithfulnessCorrelation({ model: model(), x, attribution, target }, { subsetSize: 2, samples: 30, seed: 1 });
    for (const v of r.perSample) expect(v).toBeCloseTo(1, 5);
    const neg = await faithfulnessCorrelation({ model: model(), x, attribution: scale(attribution, -1), target }, { subsetSize: 2, samples: 30, seed: 1 });
    for (const v of neg.perSample) expect(v).toBeCloseTo(-1, 5);
  });
  it('a random map correlates far less; seeded (same seed, same value)', async () => {
    const m = new LinearModel([64], 2, rng.fillNormal(128));
    const xs = tensor(rng.fillUniform(64, 0, 1), [1, 64]);
    const random = tensor(rng.fillNormal(64), [1, 64]);
    const a = await faithfulnessCorrelation({ model: m, x: xs, attribution: random, target: 0 }, { subsetSize: 16, samples: 100, seed: 2 });
    const b = await faithfulnessCorrelation({ model: m, x: xs, attribution: random, target: 0 }, { subsetSize: 16, samples: 100, seed: 2 }, { batchSize: 7 });
    expect(Math.abs(a.perSample[0]!)).toBeLessThan(0.6);
    expect(b.perSample[0]).toBe(a.perSample[0]);
  });
});

describe('infidelity (Yeh et al.; Captum infidelity)', () => {
  // Captum: n_perturb_samples -> samples (10), normalize -> normalize ('no'), perturb_func -> perturbation
  // ('gaussian' with noise = the std of Captum's documented example, 0.003; or 'subset'), target -> target.
  it('Gaussian perturbations: the saliency of a linear model (its weight row) has infidelity 0', async () => {
    const { attribution } = await saliency(model(), x, { target });
    const r = await infidelity({ model: model(), x, attribution, target }, { samples: 10 });
    for (const v of r.perSample) expect(v).toBeLessThan(1e-12);
  });
  it('gradient x input under Gaussian noise: E[(sum_i I_i w_i (x_i - 1))^2] = sigma^2 sum_i w_i^2 (x_i - 1)^2', async () => {
    const { attribution } = await gradientXInput(model(), x, { target });
    const sigma = 0.1;
    const r = await infidelity({ model: model(), x, attribution, target }, { samples: 4000, noise: sigma, seed: 3 });
    for (let s = 0; s < 2; s++) {
      let expected = 0;
      for (let i = 0; i < 4; i++) expected += (w[target[s]! * 4 + i]! * (x.data[s * 4 + i]! - 1)) ** 2;
      expected *= sigma ** 2;
      expect(r.perSample[s]! / expected).toBeGreaterThan(0.9);
      expect(r.perSample[s]! / expected).toBeLessThan(1.1);
    }
  });
  it("normalize: a map off by a factor 2 is infidelity sigma^2 |w|^2 as is, 0 after Captum's beta scaling", async () => {
    const { attribution } = await saliency(model(), x, { target });
    const twice = scale(attribution, 2);
    const plain = await infidelity({ model: model(), x, attribution: twice, target }, { samples: 4000, noise: 0.1, seed: 4 });
    const norm0 = 0.5 ** 2 + 1 + 4 + 0.25 ** 2;
    expect(plain.perSample[0]! / (0.01 * norm0)).toBeGreaterThan(0.9);
    expect(plain.perSample[0]! / (0.01 * norm0)).toBeLessThan(1.1);
    const normalized = await infidelity({ model: model(), x, attribution: twice, target }, { samples: 50, noise: 0.1, normalize: 'yes' });
    for (const v of normalized.perSample) expect(v).toBeLessThan(1e-10);
  });
  it('subset removal: gradient x input of a linear model (zero baseline) has infidelity 0, saliency does not', async () => {
    const gxi = (await gradientXInput(model(), x, { target })).attribution;
    const sal = (await saliency(model(), x, { target })).attribution;
    const o = { perturbation: 'subset', samples: 20 } as const;
    for (const v of (await infidelity({ model: model(), x, attribution: gxi, target }, o)).perSample) expect(v).toBeLessThan(1e-10);
    for (const v of (await infidelity({ model: model(), x, attribution: sal, target }, o)).perSample) expect(v).toBeGreaterThan(1e-3);
  });
  it('a sample draws the same perturbations wherever it sits: alone or second in a batch, the same value', async () => {
    const { attribution } = await gradientXInput(model(), x, { target });
    const both = await infidelity({ model: model(), x, attribution, target }, { samples: 7, seed: 5 });
    const second = (t: Tensor) => tensor(t.data.slice(4), [1, 4]);
    const alone = await infidelity({ model: model(), x: second(x), attribution: second(attribution), target: target[1] }, { samples: 7, seed: 5 });
    expect(alone.perSample[0]).toBe(both.perSample[1]);
    const other = await infidelity({ model: model(), x: second(x), attribution: second(attribution), target: target[1] }, { samples: 7, seed: 6 });
    expect(other.perSample[0]).not.toBe(both.perSample[1]);
  });
  it('rejects a non-positive noise', async () => {
    await expect(infidelity({ model: model(), x, attribution: x }, { noise: 0 })).rejects.toThrow('noise: must be a number > 0, got 0');
  });
});

describe('completeness gap (Sundararajan et al.)', () => {
  it('gradient x input of a linear model: gap 0 (the bias cancels); saliency: sum(w_y) - w_y . x', async () => {
    const gxi = (await gradientXInput(model(), x, { target })).attribution;
    for (const v of (await completeness({ model: model(), x, attribution: gxi, target })).perSample) expect(v).toBeLessThan(1e-6);
    const sal = (await saliency(model(), x, { target })).attribution;
    const r = await completeness({ model: model(), x, attribution: sal, target });
    for (let s = 0; s < 2; s++) {
      let expected = 0;
      for (let i = 0; i < 4; i++) expected += w[target[s]! * 4 + i]! * (1 - x.data[s * 4 + i]!);
      expect(r.detail.gap[s]).toBeCloseTo(expected, 5);
      expect(r.perSample[s]).toBeCloseTo(Math.abs(expected), 5);
    }
  });
  it("IG on a ReLU network: our gap equals core's own delta, and shrinks with more steps", async () => {
    const m = new ReluModel([4], 3, rng.fillNormal(32), rng.fillNormal(8, 0.3), rng.fillNormal(24), rng.fillNormal(3));
    const coarse = await integratedGradients(m, x, { steps: 2, target, method: 'riemann_left' });
    const fine = await integratedGradients(m, x, { steps: 256, target, method: 'riemann_trapezoid' });
    const c = await completeness({ model: m, x, attribution: coarse.attribution, target });
    for (let s = 0; s < 2; s++) expect(c.detail.gap[s]).toBeCloseTo(coarse.delta[s]!, 4);
    expect((await completeness({ model: m, x, attribution: fine.attribution, target })).mean).toBeLessThan(Math.max(c.mean / 10, 1e-4));
  });
});
