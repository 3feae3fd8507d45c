import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.js';
import { predictions } from '../targets.js';
import { concatBatch, sliceBatch, type Tensor } from '../tensor.js';
import { LinearModel, ReluModel } from '../testing/linear-model.js';
import { fastMinimumNorm } from './fmn.js';

const D = 10, C = 5, N = 5;
const rng = new Rng(17);
const W = rng.fillNormal(C * D);
const B = rng.fillNormal(C, 0.1);
const x: Tensor = { data: new Rng(18).fillUniform(N * D, 0.35, 0.65), shape: [N, D] };

describe('fastMinimumNorm', () => {
  it('finds the minimal L2 distance of an affine model within 1% (never below it)', async () => {
    const m = new LinearModel([D], C, W, B);
    const z = await m.logits(x);
    const y = predictions(z);
    const before = Float32Array.from(x.data);
    const r = await fastMinimumNorm(m, x);
    expect([...x.data]).toEqual([...before]);
    for (let s = 0; s < N; s++) {
      let exact = Infinity;
      for (let k = 0; k < C; k++) {
        if (k === y[s]) continue;
        let n2 = 0;
        for (let i = 0; i < D; i++) n2 += (W[y[s]! * D + i]! - W[k * D + i]!) ** 2;
        exact = Math.min(exact, (z.data[s * C + y[s]!]! - z.data[s * C + k]!) / Math.sqrt(n2));
      }
      expect(r.success[s]).toBe(1);
      expect(r.norms.l2[s]!).toBeGreaterThanOrEqual(exact * (1 - 1e-4));
      expect(r.norms.l2[s]!).toBeLessThan(exact * 1.01);
    }
    expect([...r.success]).toEqual([...predictions(await m.logits(r.adversarial))].map((p, s) => (p !== y[s] ? 1 : 0)));
    expect([...r.iterations]).toEqual(new Array(N).fill(100));
  });

  it('targeted, two classes: the same boundary, reached from the other side', async () => {
    const m = new LinearModel([2], 2, Float32Array.of(1, 0, 0, 1));
    const xs: Tensor = { data: Float32Array.of(0.7, 0.2, 0.1, 0.3), shape: [2, 2] };
    const r = await fastMinimumNorm(m, xs, { targeted: true, target: [1, 0] });
    expect([...predictions(r.logits)]).toEqual([1, 0]);
    expect(r.norms.l2[0]).toBeCloseTo(0.5 / Math.SQRT2, 3);
    expect(r.norms.l2[1]).toBeCloseTo(0.2 / Math.SQRT2, 3);
  });

  it('box-aware: a coordinate at a face that the gradient pushes outwards is left out', async () => {
    // margin z0 - z1 = x0 + x1 - 0.2; x0 sits at 0, so only x1 can fall: the distance is 0.1, not 0.1/sqrt(2)
    const m = new LinearModel([2], 2, Float32Array.of(1, 1, 0, 0), Float32Array.of(-0.2, 0));
    const r = await fastMinimumNorm(m, { data: Float32Array.of(0, 0.3), shape: [1, 2] });
    expect(r.success[0]).toBe(1);
    expect(r.adversarial.data[0]).toBe(0);
    expect(r.norms.l2[0]!).toBeGreaterThanOrEqual(0.1 * (1 - 1e-4));
    expect(r.norms.l2[0]!).toBeLessThan(0.1 * 1.01);
  });

  it('a batch equals its samples one by one; stays in the box on a ReLU network', async () => {
    const m = () => new ReluModel([D], C, new Rng(1).fillNormal(16 * D), new Rng(2).fillNormal(16, 0.5), new Rng(3).fillNormal(16 * C));
    const whole = await fastMinimumNorm(m(), x, { steps: 40 });
    const parts = await Promise.all([0, 1, 2, 3, 4].map((s) => fastMinimumNorm(m(), sliceBatch(x, s, s + 1), { steps: 40 })));
    expect([...concatBatch(parts.map((p) => p.adversarial)).data]).toEqual([...whole.adversarial.data]);
    for (const v of whole.adversarial.data) expect(v >= 0 && v <= 1).toBe(true);
    expect([...whole.success]).toContain(1);
    // unsuccessful samples come back unchanged
    for (let s = 0; s < N; s++) if (!whole.success[s]) expect(whole.norms.l2[s]).toBe(0);
  });

  it('an unreachable boundary leaves the input unchanged; bad options are named', async () => {
    const m = new LinearModel([2], 2, Float32Array.of(1, 0, 0, 1), Float32Array.of(5, 0));
    const xs: Tensor = { data: Float32Array.of(0.5, 0.5), shape: [1, 2] };
    const r = await fastMinimumNorm(m, xs, { steps: 20 });
    expect(r.success[0]).toBe(0);
    expect([...r.adversarial.data]).toEqual([0.5, 0.5]);
    await expect(fastMinimumNorm(m, xs, { norm: 'linf' as never })).rejects.toThrow(/implements 'l2' only/);
    await expect(fastMinimumNorm(m, xs, { gamma: 1.5 })).rejects.toThrow(/gamma: must be in \(0, 1\)/);
    const ac = new AbortController();
    ac.abort();
    await expect(fastMinimumNorm(m, xs, { signal: ac.signal })).rejects.toThrow(/aborted/);
  });
});
