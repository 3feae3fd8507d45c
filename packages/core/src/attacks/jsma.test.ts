import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.js';
import { predictions } from '../targets.js';
import { concatBatch, sliceBatch, type Tensor } from '../tensor.js';
import { LinearModel } from '../testing/linear-model.js';
import { jsma } from './jsma.js';

// Class k owns features 2k, 2k+1 (weight 1) and dislikes the others (weight -0.5).
const W = Float32Array.from({ length: 18 }, (_, i) => (Math.floor((i % 6) / 2) === Math.floor(i / 6) ? 1 : -0.5));
const small = () => new LinearModel([6], 3, W);

describe('jsma', () => {
  it('saturates the pair that raises the target and lowers the others, and stops at the target', async () => {
    const m = small();
    const x: Tensor = { data: Float32Array.of(0.6, 0.6, 0.2, 0.2, 0.2, 0.2), shape: [1, 6] };
    expect(predictions(await m.logits(x))[0]).toBe(0);
    const r = await jsma(m, x, { target: 1 });
    expect(r.success[0]).toBe(1);
    expect(predictions(r.logits)[0]).toBe(1);
    expect([...r.adversarial.data].map((v) => Math.round(v * 1e6) / 1e6)).toEqual([0.6, 0.6, 1, 1, 0.2, 0.2]);
    expect(r.norms.l0[0]).toBe(2);
    expect(r.iterations[0]).toBe(2); // one pair step, one evaluation reaching the target
    expect([...x.data.subarray(2, 4)].map((v) => Math.round(v * 10) / 10)).toEqual([0.2, 0.2]); // not mutated
  });

  it('theta < 0 lowers features to the box bottom', async () => {
    const x: Tensor = { data: Float32Array.of(0.6, 0.6, 0.5, 0.5, 0.2, 0.2), shape: [1, 6] };
    const r = await jsma(small(), x, { target: 1, theta: -1 });
    expect(r.success[0]).toBe(1);
    expect([...r.adversarial.data.subarray(0, 2)]).toEqual([0, 0]);
    expect(r.norms.l0[0]).toBe(2);
  });

  it('gamma bounds the features changed; an exhausted budget returns the clean input', async () => {
    const x: Tensor = { data: Float32Array.of(0.6, 0.6, 0.2, 0.2, 0.2, 0.2), shape: [1, 6] };
    const r = await jsma(small(), x, { target: 1, gamma: 0.3 }); // floor(6 * 0.3 / 2) = 0 pairs
    expect(r.success[0]).toBe(0);
    expect([...r.adversarial.data]).toEqual([...x.data]);
  });

  it('property: at most gamma d features change, success honest and on target, batch = one by one', async () => {
    const D = 100, C = 10;
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 1e6 }), fc.double({ min: 0.05, max: 0.5, noNaN: true }), async (seed, gamma) => {
      const g = new Rng(seed);
      const w = g.fillNormal(C * D);
      const m = () => new LinearModel([D], C, w);
      const x: Tensor = { data: g.fillUniform(3 * D, 0.2, 0.8), shape: [3, D] };
      const t = [0, 4, 9];
      const r = await jsma(m(), x, { target: t, gamma, candidates: 16 });
      const now = predictions(await m().logits(r.adversarial));
      for (let s = 0; s < 3; s++) {
        expect(r.norms.l0[s]!).toBeLessThanOrEqual(gamma * D);
        expect(r.success[s]).toBe(now[s] === t[s] ? 1 : 0);
        if (!r.success[s]) expect(r.norms.l0[s]).toBe(0);
      }
      const parts = await Promise.all([0, 1, 2].map((s) => jsma(m(), sliceBatch(x, s, s + 1), { target: t[s]!, gamma, candidates: 16 })));
      expect([...concatBatch(parts.map((p) => p.adversarial)).data]).toEqual([...r.adversarial.data]);
    }), { numRuns: 20 });
  });

  it('scales by searching pairs among top candidates only: as strong as the full pair search here', async () => {
    const g = new Rng(4);
    const m = new LinearModel([400], 10, g.fillNormal(4000, 0.1));
    const x: Tensor = { data: g.fillUniform(4000, 0, 0.2), shape: [10, 400] };
    const t = Array.from(predictions(await m.logits(x)), (v) => (v + 1) % 10);
    const restricted = await jsma(m, x, { target: t, gamma: 0.2, candidates: 16 });
    const full = await jsma(m, x, { target: t, gamma: 0.2, candidates: 400 });
    expect([...restricted.success]).toEqual(new Array(10).fill(1));
    expect([...full.success]).toEqual(new Array(10).fill(1));
    const sum = (v: Float32Array) => v.reduce((a, b) => a + b, 0);
    expect(sum(restricted.norms.l0)).toBeLessThanOrEqual(sum(full.norms.l0) + 4);
    for (const v of restricted.norms.l0) expect(v).toBeLessThanOrEqual(80);
    await expect(jsma(m, x)).rejects.toThrow(/JSMA is a targeted attack/);
    await expect(jsma(m, x, { target: 1, theta: 0 })).rejects.toThrow(/theta/);
  });
});
