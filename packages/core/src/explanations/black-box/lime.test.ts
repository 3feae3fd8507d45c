import { describe, expect, it } from 'vitest';
import { Rng } from '../../rng.js';
import { slic } from '../../segmentation/slic.js';
import type { Tensor } from '../../tensor.js';
import { LinearModel, ReluModel } from '../../testing/linear-model.js';
import { choleskySolve, weightedRidge } from './least-squares.js';
import { lime } from './lime.js';

const D = 12, C = 3, N = 2;
const rng = new Rng(11);
const W = rng.fillNormal(C * D);
const bias = rng.fillNormal(C);
const x: Tensor = { data: rng.fillUniform(N * D, 0, 1), shape: [N, D] };
// 4 segments, not contiguous
const segments = { labels: Int32Array.from({ length: D }, (_, i) => i % 4), count: 4 };
/** f_y(x) - f_y(x with segment k at 0): the exact contribution of segment k to an affine model. */
const contribution = (s: number, y: number, k: number) => {
  let acc = 0;
  for (let i = 0; i < D; i++) if (i % 4 === k) acc += W[y * D + i]! * x.data[s * D + i]!;
  return acc;
};

describe('least squares', () => {
  it('solves SPD systems by Cholesky and refuses singular ones', () => {
    expect([...choleskySolve(Float64Array.of(4, 2, 2, 3), Float64Array.of(2, 1), 2)!]).toEqual([0.5, 0]);
    expect(choleskySolve(Float64Array.of(1, 1, 1, 1), Float64Array.of(1, 1), 2)).toBeUndefined();
  });

  it('fits a weighted ridge with an unpenalised intercept (closed form for one feature)', () => {
    const fit = weightedRidge(Float64Array.of(0, 1, 2), Float64Array.of(1, 3, 5), Float64Array.of(1, 1, 1), 3, 1, 0);
    expect(fit.coefficients[0]).toBeCloseTo(2, 12);
    expect(fit.intercept).toBeCloseTo(1, 12);
    expect(fit.score).toBeCloseTo(1, 12);
    // alpha shrinks the slope to Sxy / (Sxx + alpha): Sxx = 2, Sxy = 4 -> 4 / 3
    const shrunk = weightedRidge(Float64Array.of(0, 1, 2), Float64Array.of(1, 3, 5), Float64Array.of(1, 1, 1), 3, 1, 1);
    expect(shrunk.coefficients[0]).toBeCloseTo(4 / 3, 12);
    expect(shrunk.intercept).toBeCloseTo(3 - 4 / 3, 12);
    expect(() => weightedRidge(Float64Array.of(1, 1), Float64Array.of(1, 2), Float64Array.of(1, 1), 2, 1, 0)).toThrow(/singular/);
  });
});

describe('lime', () => {
  it('recovers the exact segment contributions of an affine model (alpha -> 0) within maxEvals', async () => {
    const model = new LinearModel([D], C, W, bias);
    const r = await lime(model, x, { segments, target: [0, 2], alpha: 1e-9, maxEvals: 120 });
    expect(model.calls.samples).toBe(N * 120);
    expect([...r.evals]).toEqual([120, 120]);
    for (let s = 0; s < N; s++) {
      const y = r.targets[s]!;
      const p = r.perSample[s]!;
      for (let k = 0; k < 4; k++) expect(p.coefficients[k]).toBeCloseTo(contribution(s, y, k), 4);
      expect(p.intercept).toBeCloseTo(bias[y]!, 4); // every segment off: f_y(0) = b_y
      expect(p.score).toBeCloseTo(1, 6);
      const fx = bias[y]! + [0, 1, 2, 3].reduce((a, k) => a + contribution(s, y, k), 0);
      expect(p.localPrediction).toBeCloseTo(fx, 4);
      for (let i = 0; i < D; i++) expect(r.attribution.data[s * D + i]).toBe(Math.fround(p.coefficients[i % 4]!));
    }
  });

  it('with the default ridge (alpha 1) the coefficients stay proportional to the contributions (within 5%, cosine > 0.999)', async () => {
    const model = new LinearModel([D], C, W, bias);
    const r = await lime(model, x, { segments, target: 1 });
    expect([...r.evals]).toEqual([1000, 1000]);
    expect(model.calls.samples).toBe(N * 1000);
    for (let s = 0; s < N; s++) {
      const exact = [0, 1, 2, 3].map((k) => contribution(s, 1, k));
      const got = [...r.perSample[s]!.coefficients];
      for (let k = 0; k < 4; k++) expect(Math.abs(got[k]! / exact[k]! - 1)).toBeLessThan(0.05);
      const dot = exact.reduce((a, v, k) => a + v * got[k]!, 0);
      const norm = (v: number[]) => Math.sqrt(v.reduce((a, b) => a + b * b, 0));
      expect(dot / (norm(exact) * norm(got))).toBeGreaterThan(0.999);
    }
  });

  it('is deterministic given the seed and batches any way', async () => {
    const g = new Rng(12);
    const model = new ReluModel([D], C, g.fillNormal(10 * D), g.fillNormal(10, 0.3), g.fillNormal(C * 10), g.fillNormal(C));
    const a = await lime(model, x, { segments, maxEvals: 64, seed: 5 });
    const b = await lime(model, x, { segments, maxEvals: 64, seed: 5, internalBatchSize: 7 });
    expect([...a.attribution.data]).toEqual([...b.attribution.data]);
    const c = await lime(model, x, { segments, maxEvals: 64, seed: 6 });
    expect([...c.attribution.data]).not.toEqual([...a.attribution.data]);
    // one sample alone gives its row of the batch
    const alone = await lime(model, { data: x.data.slice(D), shape: [1, D] }, { segments, maxEvals: 64, seed: 5 });
    expect([...alone.attribution.data]).toEqual([...a.attribution.data.slice(D)]);
  });

  it('segments by default: 16 grid cells for flat inputs, SLIC for images', async () => {
    const model = new LinearModel([32], 2, new Rng(13).fillNormal(64));
    const flat = await lime(model, { data: new Rng(14).fillUniform(32, 0, 1), shape: [1, 32] }, { maxEvals: 100 });
    expect(flat.perSample[0]!.segments.count).toBe(16);
    expect([...flat.perSample[0]!.segments.labels]).toEqual(Array.from({ length: 32 }, (_, i) => Math.floor(i / 2)));
    const img = new Float32Array(64);
    for (let i = 0; i < 64; i++) img[i] = (i % 8 < 4 ? 0.1 : 0.9) * (i < 32 ? 1 : 0.5);
    const imodel = new LinearModel([1, 8, 8], 2, new Rng(15).fillNormal(128));
    const r = await lime(imodel, { data: img, shape: [1, 1, 8, 8] }, { maxEvals: 200, slic: { nSegments: 4 } });
    const ref = slic({ data: img, shape: [1, 8, 8] }, { nSegments: 4, range: [0.05, 0.9] });
    expect(r.perSample[0]!.segments.count).toBe(ref.count);
    expect([...r.perSample[0]!.segments.labels]).toEqual([...ref.labels]);
  });

  it('checks segments and options', async () => {
    const model = new LinearModel([D], C, W, bias);
    await expect(lime(model, x, { segments: { labels: new Int32Array(5), count: 1 } })).rejects.toThrow(/has 5 labels, the input has 12 positions/);
    await expect(lime(model, x, { segments: { labels: new Int32Array(D), count: 2 } })).rejects.toThrow(/segment 1 has no position/);
    await expect(lime(model, x, { segments: [segments] })).rejects.toThrow(/1 segmentations given for a batch of 2/);
    await expect(lime(model, x, { segments, maxEvals: 1 })).rejects.toThrow(/maxEvals: must be an integer >= 2/);
  });
});
