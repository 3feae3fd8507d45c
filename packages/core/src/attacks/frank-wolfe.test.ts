import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.js';
import { predictions } from '../targets.js';
import { concatBatch, sliceBatch, type Tensor } from '../tensor.js';
import { LinearModel, ReluModel } from '../testing/linear-model.js';
import { frankWolfe, type FrankWolfeSet } from './frank-wolfe.js';

const SETS: FrankWolfeSet[] = ['linf', 'l2', 'l1', 'k-sparse'];
const relu = (seed: number, d: number, c: number) =>
  new ReluModel([d], c, new Rng(seed).fillNormal(12 * d), new Rng(seed + 1).fillNormal(12, 0.5), new Rng(seed + 2).fillNormal(12 * c));

describe('frankWolfe', () => {
  it('property: every iterate stays in the set and the box (no projection needed); eps 0 is the identity', async () => {
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 2, max: 40 }), fc.integer({ min: 1, max: 3 }), fc.constantFrom(...SETS),
      fc.double({ min: 0.01, max: 3, noNaN: true }), fc.boolean(),
      async (seed, d, n, set, eps, edge) => {
        const g = new Rng(seed);
        // edge: inputs on or near the box faces, where the box-aware LMOs matter
        const x: Tensor = { data: Float32Array.from({ length: n * d }, () => (edge ? [0, 1, g.uniform(0, 1)][Math.floor(g.next() * 3)]! : g.uniform(0, 1))), shape: [n, d] };
        const before = Float32Array.from(x.data);
        const k = 1 + (seed % 3);
        const r = await frankWolfe(relu(seed, d, 3), x, { norm: set, eps, steps: 6, k, earlyStop: false });
        expect([...x.data]).toEqual([...before]);
        const ball = set === 'linf' ? r.norms.linf : set === 'l2' ? r.norms.l2 : r.norms.l1;
        for (let s = 0; s < n; s++) {
          expect(ball[s]!).toBeLessThanOrEqual(eps * (1 + 1e-6));
          if (set === 'k-sparse') expect(r.norms.linf[s]!).toBeLessThanOrEqual((eps / Math.min(k, d)) * (1 + 1e-6));
        }
        for (const v of r.adversarial.data) expect(v >= 0 && v <= 1).toBe(true);
        const zero = await frankWolfe(relu(seed, d, 3), x, { norm: set, eps: 0, steps: 3 });
        expect([...zero.adversarial.data]).toEqual([...x.data]);
        expect([...zero.success]).toEqual(new Array(n).fill(0));
      }), { numRuns: 60 });
  });

  it('the k-sparse LMO: one step changes at most k coordinates, each by eps/k; m steps at most m k', async () => {
    const d = 50, k = 3, eps = 0.3;
    const g = new Rng(9);
    const w0 = g.fillNormal(2 * d);
    let sum = 0;
    for (let i = 0; i < d; i++) sum += w0[d + i]! - w0[i]!;
    // class 0 wins by ~0.05 around x = 0.5; one k-sparse step (gain ~ eps/k * top-k |w1 - w0|) flips it
    const m = new LinearModel([d], 2, w0, Float32Array.of(0, -0.5 * sum - 0.05));
    const x: Tensor = { data: g.fillUniform(2 * d, 0.49, 0.51), shape: [2, d] };
    const clean = predictions(await m.logits(x));
    for (const steps of [1, 2, 4]) {
      const r = await frankWolfe(m, x, { norm: 'k-sparse', k, eps, steps, earlyStop: true, target: [1, 1], targeted: true });
      for (let s = 0; s < 2; s++) {
        if (!r.success[s]) continue;
        expect(r.norms.l0[s]!).toBeLessThanOrEqual(steps * k);
        expect(r.norms.l1[s]!).toBeLessThanOrEqual(eps * (1 + 1e-6));
      }
      if (steps === 1) {
        // delta_1 = s (gamma_0 = 1): the top-k |w_1 - w_0| coordinates at eps/k, signed
        const w = m.weight;
        const diff = Array.from({ length: d }, (_, i) => w[d + i]! - w[i]!);
        const top = diff.map((v, i) => [Math.abs(v), i] as const).sort((a, b) => b[0] - a[0]).slice(0, k).map((p) => p[1]);
        for (let s = 0; s < 2; s++) {
          if (!r.success[s] || clean[s] === 1) continue; // already class 1: kept as is
          for (let i = 0; i < d; i++) {
            const delta = r.adversarial.data[s * d + i]! - x.data[s * d + i]!;
            expect(delta).toBeCloseTo(top.includes(i) ? Math.sign(diff[i]!) * (eps / k) : 0, 6);
          }
        }
        expect([0, 1].some((s) => r.success[s] && clean[s] === 0)).toBe(true);
      }
    }
    // k from the sparsity q: k = floor((1 - q) d) = floor(0.1 * 50) = 5
    expect((await frankWolfe(m, x, { norm: 'k-sparse', sparsity: 0.9, steps: 1 })).k).toBe(5);
    expect((await frankWolfe(m, x, { norm: 'k-sparse', steps: 1 })).k).toBe(1); // q = 0.995: max(1, floor(0.25))
  });

  it('LMOs on an affine 2-class model: linf eps sign(w), l2 eps w/||w||, l1 one coordinate; box-aware at the faces', async () => {
    const w = Float32Array.of(1, -2, 0.5, 3, 0, 0, 0, 0);
    const m = new LinearModel([4], 2, w, Float32Array.of(0, 0.3));
    const x: Tensor = { data: Float32Array.of(0.5, 0.5, 0.5, 0.5), shape: [1, 4] };
    // one step, targeted to class 1: g = -grad CE(1) is along w_1 - w_0 = -w_0
    const lin = await frankWolfe(m, x, { norm: 'linf', eps: 0.2, steps: 1, targeted: true, target: 1 });
    expect([...lin.adversarial.data].map((v) => +v.toFixed(6))).toEqual([0.3, 0.7, 0.3, 0.3]);
    const l2 = await frankWolfe(m, x, { norm: 'l2', eps: 0.5, steps: 1, targeted: true, target: 1 });
    const nw = Math.hypot(1, 2, 0.5, 3);
    [1, -2, 0.5, 3].forEach((v, i) => expect(l2.adversarial.data[i]! - 0.5).toBeCloseTo((-0.5 * v) / nw, 5));
    const l1 = await frankWolfe(m, x, { norm: 'l1', eps: 0.4, steps: 1, targeted: true, target: 1 });
    expect([...l1.adversarial.data].map((v) => +v.toFixed(6))).toEqual([0.5, 0.5, 0.5, 0.1]);
    // at the faces: coordinate 3 at 0 cannot decrease; l1 moves its budget to the next coordinate
    const xf: Tensor = { data: Float32Array.of(0.5, 0.5, 0.5, 0), shape: [1, 4] };
    const f1 = await frankWolfe(m, xf, { norm: 'l1', eps: 0.4, steps: 1, targeted: true, target: 1 });
    expect([...f1.adversarial.data].map((v) => +v.toFixed(6))).toEqual([0.5, 0.9, 0.5, 0]);
    const f2 = await frankWolfe(m, xf, { norm: 'l2', eps: 0.5, steps: 1, targeted: true, target: 1 });
    expect(f2.adversarial.data[3]).toBe(0);
    expect(f2.norms.l2[0]).toBeCloseTo(0.5, 5); // the budget is spent on the free coordinates
    for (const r of [lin, l2, l1, f1, f2]) expect(predictions(r.logits)[0]).toBe(1);
  });

  it('batch = one by one (seeded sparsity jitter); success honest; last successful iterate kept', async () => {
    const d = 30;
    const m = () => relu(5, d, 4);
    const x: Tensor = { data: new Rng(6).fillUniform(4 * d, 0, 1), shape: [4, d] };
    const opts = { norm: 'k-sparse' as const, eps: 3, steps: 15, sparsity: 0.9, sparsityJitter: 0.05, seed: 3 };
    const whole = await frankWolfe(m(), x, opts);
    const parts = await Promise.all([0, 1, 2, 3].map((s) => frankWolfe(m(), sliceBatch(x, s, s + 1), opts)));
    expect([...concatBatch(parts.map((p) => p.adversarial)).data]).toEqual([...whole.adversarial.data]);
    const clean = predictions(await m().logits(x));
    const now = predictions(await m().logits(whole.adversarial));
    expect([...whole.success]).toEqual(Array.from(now, (p, s) => (p !== clean[s] ? 1 : 0)));
    expect([...whole.success]).toContain(1);
    const ac = new AbortController();
    ac.abort();
    await expect(frankWolfe(m(), x, { signal: ac.signal })).rejects.toThrow(/aborted/);
    await expect(frankWolfe(m(), x, { norm: 'l0' as never })).rejects.toThrow(/unknown set 'l0'/);
  });
});
