import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.js';
import { predictions } from '../targets.js';
import { concatBatch, sliceBatch, type Tensor } from '../tensor.js';
import { LinearModel } from '../testing/linear-model.js';
import { carliniWagner } from './cw.js';

const D = 6, C = 4, N = 4;
const rng = new Rng(11);
const W = rng.fillNormal(C * D);
const B = rng.fillNormal(C, 0.1);
const model = () => new LinearModel([D], C, W, B);
const x: Tensor = { data: new Rng(5).fillUniform(N * D, 0.35, 0.65), shape: [N, D] };

/** Exact minimal L2 distance of sample s of an affine model to the region of another class than y. */
function boundaryDistance(w: Float32Array, z: Float32Array, s: number, y: number, c: number, d: number): number {
  let best = Infinity;
  for (let k = 0; k < c; k++) {
    if (k === y) continue;
    let n2 = 0;
    for (let i = 0; i < d; i++) n2 += (w[y * d + i]! - w[k * d + i]!) ** 2;
    best = Math.min(best, (z[s * c + y]! - z[s * c + k]!) / Math.sqrt(n2));
  }
  return best;
}

describe('carliniWagner', () => {
  it('lands on the nearest boundary of an affine model (within 1%, never inside it)', async () => {
    const m = model();
    const z = await m.logits(x);
    const y = predictions(z);
    const before = Float32Array.from(x.data);
    const r = await carliniWagner(m, x, { steps: 300 });
    expect([...x.data]).toEqual([...before]);
    for (let s = 0; s < N; s++) {
      const exact = boundaryDistance(W, z.data, s, y[s]!, C, D);
      expect(exact).toBeGreaterThan(0.02);
      expect(r.success[s]).toBe(1);
      expect(r.norms.l2[s]!).toBeGreaterThanOrEqual(exact * (1 - 1e-4));
      expect(r.norms.l2[s]!).toBeLessThan(exact * 1.01);
    }
    // success is honest: recomputed from the returned tensor
    expect([...r.success]).toEqual([...predictions(await m.logits(r.adversarial))].map((p, s) => (p !== y[s] ? 1 : 0)));
    for (const v of r.adversarial.data) expect(v >= 0 && v <= 1).toBe(true);
  });

  it('reaches its confidence kappa: margin >= kappa, at distance (m + kappa)/||w|| for two classes', async () => {
    const m = new LinearModel([2], 2, Float32Array.of(1, 0, 0, 1));
    const xs: Tensor = { data: Float32Array.of(0.6, 0.4, 0.3, 0.35), shape: [2, 2] };
    for (const kappa of [0, 0.1, 0.25]) {
      const r = await carliniWagner(m, xs, { steps: 300, confidence: kappa });
      const z = r.logits.data;
      for (let s = 0; s < 2; s++) {
        expect(r.success[s]).toBe(1);
        const gap = Math.abs(z[2 * s]! - z[2 * s + 1]!);
        expect(gap).toBeGreaterThanOrEqual(kappa - 1e-6);
        const m0 = Math.abs(xs.data[2 * s]! - xs.data[2 * s + 1]!);
        expect(r.norms.l2[s]!).toBeCloseTo((m0 + kappa) / Math.SQRT2, 3);
        expect(r.consts[s]).toBeGreaterThan(0);
      }
    }
  });

  it('handles negative logits (the margin takes the largest other logit, not 0)', async () => {
    const m = new LinearModel([2], 3, Float32Array.of(1, 0, 0, 1, 0, 0), Float32Array.of(-50, -50, -80));
    const xs: Tensor = { data: Float32Array.of(0.7, 0.4), shape: [1, 2] };
    const r = await carliniWagner(m, xs, { steps: 300 });
    expect(r.success[0]).toBe(1);
    expect(r.norms.l2[0]!).toBeCloseTo(0.3 / Math.SQRT2, 3);
    expect(predictions(r.logits)[0]).toBe(1);
  });

  it('targeted: reaches the target class, no closer than the target half-spaces allow', async () => {
    const m = model();
    const z = await m.logits(x);
    const y = predictions(z);
    // the runner-up class (reachable inside the box for these samples; not every class is)
    const t = Array.from(y, (v, s) => [...Array(C).keys()].filter((k) => k !== v).reduce((a, k) => (z.data[s * C + k]! > z.data[s * C + a]! ? k : a), (v + 1) % C));
    const r = await carliniWagner(m, x, { steps: 300, targeted: true, target: t });
    for (let s = 0; s < N; s++) {
      expect(r.success[s]).toBe(1);
      expect(predictions(r.logits)[s]).toBe(t[s]);
      let lower = 0;
      for (let k = 0; k < C; k++) {
        if (k === t[s]) continue;
        let n2 = 0;
        for (let i = 0; i < D; i++) n2 += (W[k * D + i]! - W[t[s]! * D + i]!) ** 2;
        lower = Math.max(lower, (z.data[s * C + k]! - z.data[s * C + t[s]!]!) / Math.sqrt(n2));
      }
      expect(r.norms.l2[s]!).toBeGreaterThanOrEqual(lower * (1 - 1e-4));
    }
  });

  it('a batch equals its samples one by one; nothing found returns the clean input with success 0', async () => {
    const whole = await carliniWagner(model(), x, { steps: 60, binarySearchSteps: 4 });
    const parts = [];
    for (let s = 0; s < N; s++) parts.push((await carliniWagner(model(), sliceBatch(x, s, s + 1), { steps: 60, binarySearchSteps: 4 })).adversarial);
    expect([...concatBatch(parts).data]).toEqual([...whole.adversarial.data]);
    // c stays tiny (1 round at 1e-3, 5 steps): too weak to cross, so the input comes back as is
    const weak = await carliniWagner(model(), x, { steps: 5, binarySearchSteps: 1 });
    expect([...weak.success]).toEqual([0, 0, 0, 0]);
    expect([...weak.adversarial.data]).toEqual([...x.data]);
    expect([...weak.norms.l2]).toEqual([0, 0, 0, 0]);
  });

  it('binary search: with abort-early off every round runs all steps; progress and abort', async () => {
    const m = model();
    const steps: number[] = [];
    await carliniWagner(m, sliceBatch(x, 0, 1), { steps: 20, binarySearchSteps: 3, abortEarly: false, onStep: (i) => steps.push(i.step) });
    expect(steps).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    const ac = new AbortController();
    ac.abort();
    await expect(carliniWagner(m, x, { signal: ac.signal })).rejects.toThrow(/aborted/);
    await expect(carliniWagner(m, x, { norm: 'linf' })).rejects.toThrow(/norm: Carlini-Wagner is an L2 attack/);
    await expect(carliniWagner(m, x, { binarySearchSteps: 0 })).rejects.toThrow(/binarySearchSteps/);
  });
});
