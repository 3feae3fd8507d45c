import { Rng, tensor } from '@axplain/core';
import { LinearModel } from '@axplain/core/testing';
import { describe, expect, it } from 'vitest';
import { registryExplainer } from '../explainer.js';
import { MetricInputError } from '../input.js';
import type { Explainer } from '../types.js';
import { localLipschitz } from './local-lipschitz.js';
import { rankCorrelationStability, topKIntersection, topKIntersectionStability } from './rank-stability.js';
import { avgSensitivity, maxSensitivity } from './sensitivity.js';

// f(x) = 3 x0 + 3 x1 (one class): gradient x input = 3 x, so a(x + u) - a(x) = 3 u.
const model = () => new LinearModel([2], 1, Float32Array.of(3, 3));
const x = tensor([1, 1, 2, -2], [2, 2]);
const gradXInput: Explainer = async (_m, xs) => ({ data: xs.data.map((v) => 3 * v), shape: xs.shape });
const fixedRamp: Explainer = async (_m, xs) => ({ data: xs.data.map((_, i) => (i % (xs.data.length / xs.shape[0]!)) + 1), shape: xs.shape });
// A map of pure noise, seeded by the input values: every perturbed input gets an unrelated map.
const noise: Explainer = async (_m, xs) => {
  const rng = new Rng(Math.floor(Math.abs(xs.data[0]! * 1e6)) + 1);
  return { data: rng.fillNormal(xs.data.length), shape: xs.shape };
};

describe('max- and avg-sensitivity (Yeh et al.; Captum sensitivity_max, Quantus Max/AvgSensitivity)', () => {
  it('an explainer that ignores the input has sensitivity 0; so has the saliency of a linear model (registry name)', async () => {
    expect(Array.from((await maxSensitivity({ model: model(), x, explainer: fixedRamp })).perSample)).toEqual([0, 0]);
    expect(Array.from((await avgSensitivity({ model: model(), x, explainer: registryExplainer('saliency') })).perSample)).toEqual([0, 0]);
    expect(Array.from((await maxSensitivity({ model: model(), x, explainer: 'saliency' })).perSample)).toEqual([0, 0]); // a registry name
  });
  it("Captum's defaults (perturb_radius 0.02 -> radius, n_perturb_samples 10 -> samples): |3u| / |3x| for gradient x input", async () => {
    // ||u|| / ||x|| with u uniform in [-r, r]^2: below r sqrt(2) / ||x||, near it for many samples.
    const r = await maxSensitivity({ model: model(), x, explainer: gradXInput }, { samples: 2000 });
    expect(r.perSample[0]).toBeLessThanOrEqual(0.02 + 1e-9);
    expect(r.perSample[0]).toBeGreaterThan(0.019);
    // E ||u||_2 for u ~ U[-r, r]^2 is about 0.7652 r; sample 1 has ||x|| = 2 sqrt(2).
    const avg = await avgSensitivity({ model: model(), x, explainer: gradXInput }, { samples: 4000 });
    expect(avg.perSample[1]! / ((0.7652 * 0.02) / (2 * Math.SQRT2))).toBeCloseTo(1, 1);
    const fewer = await maxSensitivity({ model: model(), x, explainer: gradXInput });
    expect(fewer.perSample[0]).toBeLessThan(0.02); // 10 samples by default
  });
  it("Quantus' defaults (lower_bound 0.2 -> radius, nr_samples 200 -> samples) and the absolute form (denominator 'none')", async () => {
    const q = await maxSensitivity({ model: model(), x, explainer: gradXInput }, { radius: 0.2, samples: 200 });
    expect(q.perSample[0]).toBeLessThanOrEqual(0.2 + 1e-7);
    expect(q.perSample[0]).toBeGreaterThan(0.15);
    const abs = await maxSensitivity({ model: model(), x, explainer: gradXInput }, { radius: 0.2, samples: 200, denominator: 'none' });
    expect(abs.perSample[0]! / q.perSample[0]!).toBeCloseTo(3 * Math.SQRT2, 5);
  });
  it('explains in batches (ceil(N / b) + ceil(N S / b) explainer calls) and reports progress over N (S + 1) rows', async () => {
    let calls = 0;
    const counting: Explainer = async (m, xs, t) => { calls++; return gradXInput(m, xs, t); };
    const seen: number[] = [];
    const a = await maxSensitivity({ model: model(), x, explainer: counting }, { samples: 10 }, { batchSize: 8, onProgress: (d) => seen.push(d) });
    expect(calls).toBe(1 + Math.ceil(20 / 8));
    expect(seen.at(-1)).toBe(22);
    const b = await maxSensitivity({ model: model(), x, explainer: gradXInput }, { samples: 10 }, { batchSize: 3 });
    expect(Array.from(b.perSample)).toEqual(Array.from(a.perSample));
  });
  it('stops on an aborted signal before any explainer call', async () => {
    let calls = 0;
    const counting: Explainer = async (m, xs, t) => { calls++; return gradXInput(m, xs, t); };
    await expect(maxSensitivity({ model: model(), x, target: 0, explainer: counting }, {}, { signal: AbortSignal.abort() })).rejects.toThrow(/aborted/);
    expect(calls).toBe(0);
  });
  it('rejects a missing explainer, an explainer returning the wrong size, and an unknown registry name', async () => {
    await expect(maxSensitivity({ model: model(), x } as never)).rejects.toBeInstanceOf(MetricInputError);
    const short: Explainer = async () => ({ data: new Float32Array(1), shape: [1] });
    await expect(maxSensitivity({ model: model(), x, explainer: short })).rejects.toThrow(/explainer: returned 1 values for 2 inputs/);
    expect(() => registryExplainer('nope')).toThrow(/unknown method 'nope'; choose one of saliency/);
    await expect(maxSensitivity({ model: model(), x, explainer: 'nope' })).rejects.toThrow(/unknown method 'nope'/);
  });
});

describe('local Lipschitz estimate (Alvarez-Melis & Jaakkola; Quantus LocalLipschitzEstimate)', () => {
  // Quantus: nr_samples -> samples (200), perturb_std -> std (0.1), Euclidean norms.
  it('gradient x input of f = 3 x0 + 3 x1 has L = 3 exactly; an input-blind explainer 0', async () => {
    const r = await localLipschitz({ model: model(), x, explainer: gradXInput }, { samples: 20 });
    for (const v of r.perSample) expect(v).toBeCloseTo(3, 4); // float32 inputs
    expect(Array.from((await localLipschitz({ model: model(), x, explainer: fixedRamp }, { samples: 5 })).perSample)).toEqual([0, 0]);
  });
});

describe('top-k intersection and rank correlation under noise (Ghorbani et al.)', () => {
  const big = new LinearModel([64], 2, new Rng(1).fillNormal(128));
  const xs = tensor(new Rng(2).fillUniform(128, 0, 1), [2, 64]);
  it('topKIntersection by hand', () => {
    expect(topKIntersection([5, -4, 0, 1], [0, 9, -8, 1], 2)).toBe(0.5);
    expect(topKIntersection([1, 2], [2, 1], 5)).toBe(1);
  });
  it('an input-blind map keeps its ranking (1, 1); a map of pure noise keeps about k / d of its top-k and none of its ranking', async () => {
    expect(Array.from((await topKIntersectionStability({ model: big, x: xs, explainer: fixedRamp }, { k: 10 })).perSample)).toEqual([1, 1]);
    expect(Array.from((await rankCorrelationStability({ model: big, x: xs, explainer: fixedRamp })).perSample)).toEqual([1, 1]);
    const t = await topKIntersectionStability({ model: big, x: xs, explainer: noise }, { k: 16, samples: 40 });
    expect(t.mean).toBeGreaterThan(0.1);
    expect(t.mean).toBeLessThan(0.4); // k / d = 0.25
    expect(Math.abs((await rankCorrelationStability({ model: big, x: xs, explainer: noise }, { samples: 40 })).mean)).toBeLessThan(0.1);
  });
});
