import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.js';
import { predictions } from '../targets.js';
import { concatBatch, sliceBatch, type Tensor } from '../tensor.js';
import { LinearModel, ReluModel } from '../testing/linear-model.js';
import { deepFool } from './deepfool.js';

/** Exact distances of sample s of an affine model to the nearest other-class half-space: [L2, Linf]. */
function exact(w: Float32Array, z: Float32Array, s: number, c: number, d: number): [number, number] {
  const row = z.subarray(s * c, (s + 1) * c);
  const y = row.indexOf(Math.max(...row));
  let l2 = Infinity, linf = Infinity;
  for (let k = 0; k < c; k++) {
    if (k === y) continue;
    let n2 = 0, n1 = 0;
    for (let i = 0; i < d; i++) { const v = w[y * d + i]! - w[k * d + i]!; n2 += v * v; n1 += Math.abs(v); }
    l2 = Math.min(l2, (row[y]! - row[k]!) / Math.sqrt(n2));
    linf = Math.min(linf, (row[y]! - row[k]!) / n1);
  }
  return [l2, linf];
}

const D = 8, C = 5, N = 4;
const rng = new Rng(7);
const W = rng.fillNormal(C * D);
const B = rng.fillNormal(C, 0.1);
const x: Tensor = { data: new Rng(8).fillUniform(N * D, 0.4, 0.6), shape: [N, D] };

describe('deepFool', () => {
  it('L2 and Linf: one step onto the nearest boundary of an affine model, times 1 + overshoot', async () => {
    for (const norm of ['l2', 'linf'] as const) {
      const m = new LinearModel([D], C, W, B);
      const z = await m.logits(x);
      const before = Float32Array.from(x.data);
      const r = await deepFool(m, x, { norm });
      expect([...x.data]).toEqual([...before]);
      for (let s = 0; s < N; s++) {
        const [l2, linf] = exact(W, z.data, s, C, D);
        const want = 1.02 * ((norm === 'l2' ? l2 : linf) + 1e-4);
        expect(r.success[s]).toBe(1);
        expect(norm === 'l2' ? r.norms.l2[s] : r.norms.linf[s]).toBeCloseTo(want, 5);
        expect(r.iterations[s]).toBe(2); // one step, one evaluation that sees the flip
      }
      // every iteration is ONE vjp for the whole batch (K - 1 = 4 stacked copies per sample)
      expect(m.calls.vjp).toBe(2);
      expect([...r.success]).toEqual([...predictions(await m.logits(r.adversarial))].map((p, s) => (p !== predictions(z)[s] ? 1 : 0)));
    }
  });

  it('candidates: with 2 only the runner-up class is considered', async () => {
    const m = new LinearModel([D], C, W, B);
    const z = await m.logits(x);
    const r = await deepFool(m, x, { candidates: 2 });
    for (let s = 0; s < N; s++) {
      const row = [...z.data.subarray(s * C, (s + 1) * C)];
      const order = row.map((v, k) => [v, k] as const).sort((a, b) => b[0] - a[0]);
      const [y, j] = [order[0]![1], order[1]![1]];
      let n2 = 0;
      for (let i = 0; i < D; i++) n2 += (W[y * D + i]! - W[j * D + i]!) ** 2;
      expect(r.norms.l2[s]).toBeCloseTo(1.02 * ((row[y]! - row[j]!) / Math.sqrt(n2) + 1e-4), 5);
    }
  });

  it('property: inside the box, honest, batch = one by one, on random ReLU networks', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 2, max: 12 }), fc.integer({ min: 2, max: 6 }), fc.constantFrom('l2' as const, 'linf' as const), async (seed, d, c, norm) => {
      const g = new Rng(seed);
      const h = 10;
      const m = () => new ReluModel([d], c, new Rng(seed + 1).fillNormal(h * d), new Rng(seed + 2).fillNormal(h, 0.5), new Rng(seed + 3).fillNormal(c * h));
      const xs: Tensor = { data: g.fillUniform(3 * d, 0, 1), shape: [3, d] };
      const r = await deepFool(m(), xs, { norm });
      for (const v of r.adversarial.data) expect(v >= 0 && v <= 1).toBe(true);
      const clean = predictions(await m().logits(xs));
      const now = predictions(await m().logits(r.adversarial));
      for (let s = 0; s < 3; s++) {
        expect(r.success[s]).toBe(now[s] !== clean[s] ? 1 : 0);
        if (!r.success[s]) expect([...r.adversarial.data.subarray(s * d, (s + 1) * d)]).toEqual([...xs.data.subarray(s * d, (s + 1) * d)]);
      }
      const parts = [0, 1, 2].map((s) => deepFool(m(), sliceBatch(xs, s, s + 1), { norm }));
      expect([...concatBatch((await Promise.all(parts)).map((p) => p.adversarial)).data]).toEqual([...r.adversarial.data]);
    }), { numRuns: 25 });
  });

  it('a boundary outside the box is not reached: the clean input comes back, success 0', async () => {
    const m = new LinearModel([2], 2, Float32Array.of(1, 0, 0, 1), Float32Array.of(5, 0));
    const xs: Tensor = { data: Float32Array.of(0.5, 0.5), shape: [1, 2] };
    const r = await deepFool(m, xs, { steps: 5 });
    expect(r.success[0]).toBe(0);
    expect([...r.adversarial.data]).toEqual([0.5, 0.5]);
    expect(r.iterations[0]).toBe(5);
    await expect(deepFool(m, xs, { targeted: true, target: 1 })).rejects.toThrow(/DeepFool is untargeted/);
    await expect(deepFool(m, xs, { candidates: 1 })).rejects.toThrow(/candidates/);
  });
});
