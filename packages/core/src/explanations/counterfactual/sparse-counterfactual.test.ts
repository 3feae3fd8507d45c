import { describe, expect, it } from 'vitest';
import { softmax } from '../../losses/softmax.js';
import { Rng } from '../../rng.js';
import { predictions } from '../../targets.js';
import type { Tensor } from '../../tensor.js';
import { LinearModel, ReluModel } from '../../testing/linear-model.js';
import { conceptProbe } from './concept-probe.js';
import { l1qVertex, sparsityK } from './l1q-vertex.js';
import { sparseCounterfactual } from './sparse-counterfactual.js';

describe('L1-q vertex', () => {
  it('k = max(1, floor((1 - q) d))', () => {
    expect(sparsityK(0.995, 784)).toBe(3);
    expect(sparsityK(0.9, 50)).toBe(5);
    expect(sparsityK(0.999, 100)).toBe(1);
    expect(sparsityK(0, 7)).toBe(7);
    expect(() => sparsityK(1, 10)).toThrow(/sparsity: must be in \[0, 1\)/);
  });

  it('puts eps sign(g) / k on the k largest |g| (the paper\'s oracle) and skips coordinates with no room', () => {
    const out = new Float64Array(5);
    expect(l1qVertex(Float32Array.of(0.1, -3, 2, 0.5, 0), 0, 5, () => Infinity, 1, 2, out)).toBe(2);
    expect([...out]).toEqual([0, -0.5, 0.5, 0, 0]);
    // x_1 sits on the lower bound: the budget goes to the next largest |g| instead, never to more than k values
    expect(l1qVertex(Float32Array.of(0.1, -3, 2, 0.5, 0), 0, 5, (i, up) => (i === 1 && !up ? 0 : Infinity), 1, 2, out)).toBe(2);
    expect([...out]).toEqual([0, 0, 0.5, 0.5, 0]);
    // room smaller than eps / k caps the move and enters the score |g| * move
    expect(l1qVertex(Float32Array.of(1, 0.9, 0.2), 0, 3, (i) => (i === 0 ? 0.1 : 1), 2, 2, out)).toBe(2);
    expect([...out.subarray(0, 3)]).toEqual([0, 1, 1]);
    expect(l1qVertex(Float32Array.of(0, 0, 0), 0, 3, () => 1, 1, 2, out)).toBe(0);
  });

  it('selects the same vertex as a stable descending sort of |g| min(eps / k, room), ties included', () => {
    const rng = new Rng(77);
    for (let trial = 0; trial < 200; trial++) {
      const d = 1 + Math.floor(rng.next() * 60);
      const k = 1 + Math.floor(rng.next() * d);
      // few distinct values: many ties, some zeros
      const g = Float32Array.from({ length: d }, () => Math.round(rng.uniform(-3, 3)));
      const rooms = Float64Array.from({ length: d }, () => (rng.next() < 0.2 ? 0 : rng.next() < 0.5 ? Infinity : 0.25));
      const eps = 2;
      const got = new Float64Array(d);
      const nz = l1qVertex(g, 0, d, (i) => rooms[i]!, eps, k, got);
      const move = (i: number) => Math.min(eps / k, rooms[i]!);
      const order = Array.from({ length: d }, (_, i) => i).filter((i) => g[i] !== 0 && move(i) > 0)
        .sort((a, b) => Math.abs(g[b]!) * move(b) - Math.abs(g[a]!) * move(a) || a - b);
      const want = new Float64Array(d);
      for (const i of order.slice(0, k)) want[i] = Math.sign(g[i]!) * move(i);
      expect(nz).toBe(Math.min(k, order.length));
      expect([...got]).toEqual([...want]);
    }
  });
});

const twoClass = (d: number, seed: number) => {
  const rng = new Rng(seed);
  const model = new LinearModel([d], 2, rng.fillNormal(2 * d), Float32Array.of(0, 0));
  const x: Tensor = { data: rng.fillUniform(d, 0.3, 0.7), shape: [1, d] };
  return { model, x };
};

describe('sparseCounterfactual', () => {
  it('on a 2-class affine model every vertex is the same k-sparse one, so the achieved L0 is exactly k, falling as q rises', async () => {
    const { model, x } = twoClass(100, 3);
    const l0: number[] = [];
    for (const q of [0.5, 0.8, 0.9, 0.95, 0.99]) {
      const k = sparsityK(q, 100);
      const r = await sparseCounterfactual(model, x, { sparsity: q, eps: 1, steps: 10 });
      expect([...r.path.k]).toEqual(new Array(10).fill(k));
      for (const v of r.path.vertexL0) expect(v[0]).toBe(k);
      expect(r.l0[0]).toBe(k);
      expect(r.path.l0.map((v) => v[0])).toEqual([0, ...new Array(10).fill(k)]);
      l0.push(r.l0[0]!);
    }
    expect(l0).toEqual([50, 20, 10, 5, 1]);
  });

  it('on a ReLU network: vertices have <= k nonzeros, L0 <= steps k, L0 falls as q rises, inside the L1 ball and the box', async () => {
    const rng = new Rng(5);
    const d = 64, c = 3;
    const model = new ReluModel([d], c, rng.fillNormal(24 * d), rng.fillNormal(24, 0.3), rng.fillNormal(c * 24), rng.fillNormal(c, 0.1));
    const x: Tensor = { data: rng.fillUniform(2 * d, 0, 1), shape: [2, d] };
    const eps = 4, steps = 15;
    const finals: number[][] = [];
    for (const q of [0.5, 0.8, 0.9, 0.95, 0.98]) {
      const k = sparsityK(q, d);
      const r = await sparseCounterfactual(model, x, { sparsity: q, eps, steps });
      for (const v of r.path.vertexL0) for (const nz of v) expect(nz).toBeLessThanOrEqual(k);
      for (let s = 0; s < 2; s++) {
        expect(r.l0[s]!).toBeLessThanOrEqual(Math.min(d, steps * k));
        expect(r.l1[s]!).toBeLessThanOrEqual(eps * (1 + 1e-5));
        expect(r.linf[s]!).toBeLessThanOrEqual(eps / k + 1e-6);
      }
      for (let i = 0; i < x.data.length; i++) {
        expect(r.counterfactual.data[i]!).toBeGreaterThanOrEqual(0);
        expect(r.counterfactual.data[i]!).toBeLessThanOrEqual(1);
        expect(r.perturbation.data[i]).toBeCloseTo(r.counterfactual.data[i]! - x.data[i]!, 6);
      }
      finals.push([...r.l0]);
    }
    for (let s = 0; s < 2; s++)
      for (let j = 1; j < finals.length; j++) expect(finals[j]![s]!).toBeLessThanOrEqual(finals[j - 1]![s]!);
    expect(finals[0]![0]!).toBeGreaterThan(finals.at(-1)![0]!);
  });

  it('reports success recomputed from the counterfactual, and the class probabilities along the path', async () => {
    const model = new LinearModel([4], 2, Float32Array.of(1, 1, 1, 1, 0, 3, 0, 0), Float32Array.of(0, 0.3));
    const x: Tensor = { data: Float32Array.of(0.5, 0.5, 0.5, 0.5), shape: [1, 4] };
    const before = { ...model.calls };
    const r = await sparseCounterfactual(model, x, { k: 1, eps: 0.5, steps: 20 });
    // one pass for f(x), a logits and a vjp pass per step, one for the result
    expect(model.calls.logits - before.logits).toBe(1 + 20 + 1);
    expect(model.calls.vjp - before.vjp).toBe(20);
    expect([...r.predicted]).toEqual([0]);
    expect([...r.targets]).toEqual([1]);
    expect([...r.counterfactual.data]).toEqual([0.5, 1, 0.5, 0.5]);
    expect(r.l0[0]).toBe(1);
    expect([...r.success]).toEqual([1]);
    expect(r.firstSuccess[0]).toBe(1);
    const p0 = softmax(await model.logits(x)).data;
    expect([...r.path.probabilities[0]!.data]).toEqual([...p0]);
    expect([...r.inputProbabilities.data]).toEqual([...p0]);
    // f(x') = [2.5, 3.3]: p_1 = sigmoid(0.8)
    expect(r.probabilities.data[1]).toBeCloseTo(1 / (1 + Math.exp(-0.8)), 6);
    expect(r.path.probabilities.length).toBe(21);
    // too small a budget: honestly reported as a failure
    const weak = await sparseCounterfactual(model, x, { k: 1, eps: 0.05, steps: 20 }); // f(x') = [2.05, 1.95]
    expect([...weak.success]).toEqual([0]);
    expect(weak.firstSuccess[0]).toBe(-1);
    expect(predictions(await model.logits(weak.counterfactual))[0]).toBe(0);
  });

  it("'auto' moves an error to its true label and a correct prediction to the runner-up", async () => {
    const model = new LinearModel([3], 3, Float32Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1));
    const x: Tensor = { data: Float32Array.of(0.9, 0.5, 0.1, 0.9, 0.5, 0.1), shape: [2, 3] };
    const r = await sparseCounterfactual(model, x, { label: [0, 2], k: 1, eps: 1, steps: 5 });
    expect([...r.predicted]).toEqual([0, 0]);
    expect([...r.targets]).toEqual([1, 2]);
    const up = await sparseCounterfactual(model, x, { target: 'runner-up', label: [0, 2], steps: 1 });
    expect([...up.targets]).toEqual([1, 1]);
    await expect(sparseCounterfactual(model, x, { target: 3 })).rejects.toThrow(/class 3 is not a class index/);
  });

  it('jitters q per step from the seed: deterministic, k varies, vertices stay within each step\'s k', async () => {
    const { model, x } = twoClass(200, 9);
    const a = await sparseCounterfactual(model, x, { sparsity: 0.95, sparsityJitter: 0.04, seed: 3, steps: 12, eps: 2 });
    const b = await sparseCounterfactual(model, x, { sparsity: 0.95, sparsityJitter: 0.04, seed: 3, steps: 12, eps: 2 });
    expect([...a.counterfactual.data]).toEqual([...b.counterfactual.data]);
    expect([...a.path.k]).toEqual([...b.path.k]);
    expect(new Set(a.path.k).size).toBeGreaterThan(1);
    for (const k of a.path.k) { expect(k).toBeGreaterThanOrEqual(2); expect(k).toBeLessThanOrEqual(18); }
    a.path.vertexL0.forEach((v, t) => expect(v[0]!).toBeLessThanOrEqual(a.path.k[t]!));
    const c = await sparseCounterfactual(model, x, { sparsity: 0.95, sparsityJitter: 0.04, seed: 4, steps: 12, eps: 2 });
    expect([...c.path.k]).not.toEqual([...a.path.k]);
  });

  it('records every r-th iterate and the last', async () => {
    const { model, x } = twoClass(10, 1);
    const r = await sparseCounterfactual(model, x, { steps: 12, recordEvery: 5, k: 2, eps: 0.5 });
    expect([...r.path.iterates]).toEqual([0, 5, 10, 12]);
    expect(r.path.probabilities.length).toBe(4);
    expect(r.path.l0.length).toBe(4);
    expect(r.path.vertexL0.length).toBe(12);
  });

  it('stops between steps when aborted, and refuses inputs outside the box', async () => {
    const { model, x } = twoClass(10, 1);
    const ac = new AbortController();
    const run = sparseCounterfactual(model, x, { steps: 50, k: 1, eps: 0.5, signal: ac.signal, onStep: ({ step }) => { if (step === 3) ac.abort(); } });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(model.calls.vjp).toBe(3);
    await expect(sparseCounterfactual(model, { data: new Float32Array(10).fill(2), shape: [1, 10] })).rejects.toThrow(/outside the box \[0, 1\]; clip the input or widen options.box/);
  });
});

describe('conceptProbe', () => {
  const model = new LinearModel([4], 2, Float32Array.of(1, 0, 0, 0, 0, 0, 0, 1));

  it('starts from seeded grey noise 0.5 + U(-0.1, 0.1) and moves only the class\'s features, deterministically', async () => {
    const a = await conceptProbe(model, [0, 1], { k: 2, eps: 2, steps: 50, seed: 7 });
    const b = await conceptProbe(model, [0, 1], { k: 2, eps: 2, steps: 50, seed: 7 });
    expect([...a.counterfactual.data]).toEqual([...b.counterfactual.data]);
    expect([...a.start.data]).toEqual([...b.start.data]);
    for (const v of a.start.data) { expect(v).toBeGreaterThanOrEqual(0.4); expect(v).toBeLessThanOrEqual(0.6); }
    const s = a.start.data, p = a.counterfactual.data;
    // probe 0 (class 0 = x_0 - x_3 ahead): x_0 to the top, x_3 to the bottom of the box; probe 1 the reverse
    expect([p[0], p[3], p[4], p[7]]).toEqual([1, 0, 0, 1]);
    expect([p[1], p[2], p[5], p[6]]).toEqual([s[1], s[2], s[5], s[6]]);
    expect([...a.success]).toEqual([1, 1]);
    expect(a.probabilities.data[0]!).toBeGreaterThan(a.path.probabilities[0]!.data[0]!);
    expect(a.probabilities.data[3]!).toBeGreaterThan(a.path.probabilities[0]!.data[3]!);
    const c = await conceptProbe(model, [0, 1], { k: 2, eps: 2, steps: 50, seed: 8 });
    expect([...c.start.data]).not.toEqual([...a.start.data]);
  });

  it('defaults to 200 steps and checks the classes', async () => {
    const r = await conceptProbe(model, 1, { k: 1, eps: 0.2 });
    expect(r.path.vertexL0.length).toBe(200);
    await expect(conceptProbe(model, [2])).rejects.toThrow(/classes: 2 is not a class index/);
  });
});
