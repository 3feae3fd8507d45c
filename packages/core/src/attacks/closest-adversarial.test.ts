import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.js';
import { predictions } from '../targets.js';
import { concatBatch, sliceBatch, type Tensor } from '../tensor.js';
import { LinearModel } from '../testing/linear-model.js';
import { closestAdversarial, type ClosestMember } from './closest-adversarial.js';
import { carliniWagner } from './cw.js';
import { fastMinimumNorm } from './fmn.js';

const D = 8, C = 4, N = 4;
const rng = new Rng(23);
const W = rng.fillNormal(C * D);
const B = rng.fillNormal(C, 0.1);
const model = () => new LinearModel([D], C, W, B);
const x: Tensor = { data: new Rng(24).fillUniform(N * D, 0.35, 0.65), shape: [N, D] };
// Small budgets keep the test fast; the ensemble's guarantees do not depend on them.
const budgets = { cw: { steps: 200, binarySearchSteps: 6 }, fmn: { steps: 60 }, pgd: { steps: 20 }, apgd: { steps: 20 } };

/** Exact minimal distance of sample s of the affine model in L2 or Linf. */
function exact(z: Float32Array, s: number, norm: 'l2' | 'linf'): number {
  const row = z.subarray(s * C, (s + 1) * C);
  const y = row.indexOf(Math.max(...row));
  let best = Infinity;
  for (let k = 0; k < C; k++) {
    if (k === y) continue;
    let acc = 0;
    for (let i = 0; i < D; i++) { const v = W[y * D + i]! - W[k * D + i]!; acc += norm === 'l2' ? v * v : Math.abs(v); }
    best = Math.min(best, (row[y]! - row[k]!) / (norm === 'l2' ? Math.sqrt(acc) : acc));
  }
  return best;
}

describe('closestAdversarial', () => {
  it('is no farther than any member, and within 1% of the exact L2 distance of an affine model', async () => {
    const m = model();
    const z = await m.logits(x);
    const before = Float32Array.from(x.data);
    const steps: number[] = [];
    const r = await closestAdversarial(m, x, { ...budgets, onStep: (i) => steps.push(i.step) });
    expect([...x.data]).toEqual([...before]);
    expect(steps.at(-1)).toBe(2 * 7 + 2 + 2); // 7 rungs each for pgd and apgd, cw, fmn, 2 widen rungs
    const members = Object.keys(r.memberDistances) as ClosestMember[];
    expect(members.sort()).toEqual(['apgd', 'cw', 'fmn', 'pgd']);
    for (let s = 0; s < N; s++) {
      expect(r.found[s]).toBe(1);
      expect(r.member[s]).not.toBeNull();
      const e = exact(z.data, s, 'l2');
      expect(r.distance[s]!).toBeGreaterThanOrEqual(e * (1 - 1e-4));
      expect(r.distance[s]!).toBeLessThan(e * 1.01);
      expect(r.distance[s]).toBe(r.norms.l2[s]);
      const min = Math.min(...members.map((k) => r.memberDistances[k]![s]!));
      expect(r.distance[s]).toBe(min);
      expect(r.memberDistances[r.member[s]!]![s]).toBe(min);
    }
    // and no farther than the members run on their own
    const cw = await carliniWagner(model(), x, budgets.cw);
    const fmn = await fastMinimumNorm(model(), x, budgets.fmn);
    for (let s = 0; s < N; s++) {
      expect(r.distance[s]!).toBeLessThanOrEqual(cw.norms.l2[s]!);
      expect(r.distance[s]!).toBeLessThanOrEqual(fmn.norms.l2[s]!);
    }
    const clean = predictions(z);
    expect([...r.success]).toEqual([...predictions(await m.logits(r.adversarial))].map((p, s) => (p !== clean[s] ? 1 : 0)));
  });

  it('Linf: measured in Linf, with DeepFool-Linf as a member', async () => {
    const m = model();
    const z = await m.logits(x);
    const r = await closestAdversarial(m, x, { ...budgets, norm: 'linf', members: ['pgd', 'deepfool'] });
    for (let s = 0; s < N; s++) {
      const e = exact(z.data, s, 'linf');
      expect(r.found[s]).toBe(1);
      expect(r.distance[s]).toBe(r.norms.linf[s]);
      expect(r.distance[s]!).toBeGreaterThanOrEqual(e * (1 - 1e-4));
      expect(r.distance[s]!).toBeLessThanOrEqual(1.02 * (e + 1e-4) + 1e-6); // DeepFool's one step
    }
  });

  it('reports not-found honestly (clean input, member null) and a batch equals its samples', async () => {
    // class 2 never wins inside the box: sample 1's target is out of reach, sample 0's is not
    const m = () => new LinearModel([2], 3, Float32Array.of(1, 0, 0, 1, 0, 0), Float32Array.of(0, 0, -10));
    const xs: Tensor = { data: Float32Array.of(0.6, 0.4, 0.5, 0.5), shape: [2, 2] };
    const opts = { ...budgets, widen: 1 };
    const big = () => new LinearModel([2], 2, Float32Array.of(1, 0, 0, 1), Float32Array.of(0, 0));
    const two: Tensor = { data: Float32Array.of(0.6, 0.4, 0.45, 0.5), shape: [2, 2] };
    const whole = await closestAdversarial(big(), two, opts);
    const parts = await Promise.all([0, 1].map((s) => closestAdversarial(big(), sliceBatch(two, s, s + 1), opts)));
    expect([...concatBatch(parts.map((p) => p.adversarial)).data]).toEqual([...whole.adversarial.data]);
    expect([...whole.distance]).toEqual(parts.map((p) => p.distance[0]));
    const none = await closestAdversarial(m(), xs, { ...opts, targeted: true, target: [1, 2] });
    expect([...none.found]).toEqual([1, 0]);
    expect(none.member[1]).toBeNull();
    expect(none.distance[1]).toBe(Infinity);
    expect([...none.adversarial.data.subarray(2)]).toEqual([0.5, 0.5]);
    expect(none.distance[0]).toBeCloseTo(0.2 / Math.SQRT2, 3);
  });

  it('targeted search; bad options are named', async () => {
    const m = model();
    const z = (await m.logits(x)).data;
    const y = predictions({ data: z, shape: [N, C] });
    const runnerUp = Array.from(y, (v, s) => [...Array(C).keys()].filter((k) => k !== v).reduce((a, k) => (z[s * C + k]! > z[s * C + a]! ? k : a), (v + 1) % C));
    const r = await closestAdversarial(m, x, { ...budgets, members: ['fmn', 'cw', 'pgd'], targeted: true, target: runnerUp });
    expect([...r.found]).toEqual(new Array(N).fill(1));
    expect([...predictions(r.logits)]).toEqual(runnerUp);
    await expect(closestAdversarial(m, x, { targeted: true, target: 1, members: ['deepfool'] })).rejects.toThrow(/'deepfool' is untargeted/);
    await expect(closestAdversarial(m, x, { members: ['bim' as never] })).rejects.toThrow(/unknown attack 'bim'/);
    await expect(closestAdversarial(m, x, { ladder: [1, 0.5] })).rejects.toThrow(/ladder: must be increasing/);
  });
});
