/**
 * The unit of work of `axplain evaluate` on a closed-form model f(x) = W x + b (core's
 * LinearModel): its records hold the values known by hand, and a sample's record is the same
 * whichever job (range) computes it.
 */
import { Rng } from '@axplain/core';
import { LinearModel, ReluModel } from '@axplain/core/testing';
import { describe, expect, it } from 'vitest';
import { evaluateJob, NO_METHOD, pairsOf } from './job.js';
import { canonicalJson, jobsOf, type RunSpec, sampleSeed, specDifferences, specHash } from './spec.js';

const rng = new Rng(7);
const [C, H, W] = [1, 4, 4];
const D = C * H * W;
const weight = Float32Array.from({ length: 3 * D }, () => rng.next() * 2 - 1);
const model = new LinearModel([C, H, W], 3, weight);
const n = 5;
const x = Float32Array.from({ length: n * D }, () => rng.next());
// Region: the top-left 2x2 block of every sample.
const masks = Float32Array.from({ length: n * H * W }, (_, i) => (Math.floor((i % (H * W)) / W) < 2 && i % W < 2 ? 1 : 0));
const data = { x, y: Int32Array.from({ length: n }, (_, i) => i % 3), n, shape: [C, H, W], masks };
const spec = {
  model: { path: 'linear', sha256: '0' }, executionProviders: ['cpu'], preprocess: {} as RunSpec['preprocess'], dataset: { kind: 'mnist' },
  samples: n, dataSha256: '0', target: 'label', seed: 3, jobSize: 2,
  methods: [{ name: 'saliency', options: {} }, { name: 'smoothgrad', options: { samples: 3 } }],
  metrics: [{ name: 'energy-game', options: { layout: 'nchw' } }, { name: 'sm-bsm', options: { normalize: 'none' } }],
} satisfies RunSpec;

// A piecewise-linear model, whose SmoothGrad map and sensitivity depend on the noise drawn.
const hidden = 6;
const relu = new ReluModel([C, H, W], 3, Float32Array.from({ length: hidden * D }, () => rng.next() * 2 - 1), Float32Array.from({ length: hidden }, () => rng.next() - 0.5),
  Float32Array.from({ length: 3 * hidden }, () => rng.next() * 2 - 1));
const seeded = { ...spec, metrics: [{ name: 'energy-game', options: { layout: 'nchw' } }, { name: 'max-sensitivity', options: { radius: 0.2, samples: 3, denominator: 'attribution' } }] } satisfies RunSpec;

describe('evaluateJob', () => {
  it('scores the closed-form saliency map (row y of W) and finds no gap between saliency and BSM on a linear model', async () => {
    const records = await evaluateJob({ model, data }, spec, 0, n);
    expect(pairsOf(spec).map((p) => `${p.method}/${p.metric}`)).toEqual(['saliency/energy-game', 'smoothgrad/energy-game', `${NO_METHOD}/sm-bsm`]);
    records.forEach((r, s) => {
      expect(r.target).toBe(s % 3);
      // Energy game: the positive attribution inside the region over all positive attribution.
      const row = weight.subarray(r.target * D, (r.target + 1) * D);
      let inside = 0, all = 0;
      row.forEach((v, i) => { if (v > 0) { all += v; if (masks[i]) inside += v; } });
      expect(r.values.saliency!['energy-game']).toBeCloseTo(inside / all, 6);
      // The gradient of a linear model is W_y everywhere, at the boundary point too.
      expect(r.values[NO_METHOD]!['sm-bsm']).toBeLessThan(1e-6);
      expect(r.values.smoothgrad!['energy-game']).toBeGreaterThan(0);
    });
  });

  it('gives a sample the same record in any job: per-sample seeds depend on (seed, index, method, metric) only', async () => {
    const env = { model: relu, data };
    const whole = await evaluateJob(env, seeded, 0, n);
    const parts = (await Promise.all(jobsOf(seeded).map((j) => evaluateJob(env, seeded, j.start, j.end)))).flat();
    expect(jobsOf(seeded).map((j) => [j.start, j.end])).toEqual([[0, 2], [2, 4], [4, 5]]);
    expect(canonicalJson(parts)).toBe(canonicalJson(whole));
    expect(canonicalJson(await evaluateJob(env, seeded, 3, 4))).toBe(canonicalJson([whole[3]]));
    // Negative: another run seed changes SmoothGrad's noise and the sensitivity's draws, and the comparison sees it.
    const other = await evaluateJob(env, { ...seeded, seed: 4 }, 0, n);
    expect(canonicalJson(other)).not.toBe(canonicalJson(whole));
    expect(other.map((r) => r.values.smoothgrad!['max-sensitivity'])).not.toEqual(whole.map((r) => r.values.smoothgrad!['max-sensitivity']));
    expect(new Set([sampleSeed(3, 0, 'a'), sampleSeed(3, 1, 'a'), sampleSeed(3, 0, 'b'), sampleSeed(3, 0, 'a', 'm'), sampleSeed(4, 0, 'a')]).size).toBe(5);
  });

  it('hashes specs by content and names the flags that differ', () => {
    const reordered = Object.fromEntries(Object.entries(spec).reverse()) as unknown as RunSpec;
    expect(specHash(reordered)).toBe(specHash(spec));
    expect(specHash({ ...spec, model: { ...spec.model, path: 'elsewhere' } })).toBe(specHash(spec));
    expect(specHash({ ...spec, seed: 4 })).not.toBe(specHash(spec));
    expect(specDifferences(spec, { ...spec, seed: 4, samples: 6 })).toEqual(['--limit', '--seed']);
  });
});
