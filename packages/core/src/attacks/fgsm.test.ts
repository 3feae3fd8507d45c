import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { softmax } from '../losses/softmax.js';
import { Rng } from '../rng.js';
import { predictions } from '../targets.js';
import { LinearModel } from '../testing/linear-model.js';
import { affinePair, count, reluNet, WIDE } from './attack-fixtures.test-util.js';
import { fgsm, tgsm } from './fgsm.js';
import { iterativeTgsm } from './iterative-tgsm.js';

/** sign of d CE(x, y) / dx for a linear model: sum_k p_k W_k - W_y. */
function ceGradSign(model: LinearModel, x: Float32Array, y: number): number[] {
  const d = x.length, c = model.classes;
  const z = new Float32Array(c);
  for (let k = 0; k < c; k++) z[k] = model.bias[k]! + x.reduce((a, v, i) => a + v * model.weight[k * d + i]!, 0);
  const p = softmax({ data: z, shape: [1, c] }).data;
  return Array.from({ length: d }, (_, i) => Math.sign(Array.from(p).reduce((a, pk, k) => a + pk * model.weight[k * d + i]!, 0) - model.weight[y * d + i]!));
}

describe('FGSM / TGSM closed forms on linear models', () => {
  it('FGSM = clip(x + eps sign(grad CE)) where it fools the model, the clean input elsewhere', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 2, max: 5 }), fc.double({ min: 0.05, max: 0.6, noNaN: true }), async (seed, d, c, eps) => {
      const rng = new Rng(seed);
      const model = new LinearModel([d], c, rng.fillNormal(c * d, 2), rng.fillNormal(c));
      const x = rng.fillUniform(d, 0, 1);
      const y = predictions(await model.logits({ data: x, shape: [1, d] }))[0]!;
      const s = ceGradSign(model, x, y);
      const step = Float32Array.from(x, (v, i) => Math.min(1, Math.max(0, v + eps * s[i]!)));
      const fooled = predictions(await model.logits({ data: step, shape: [1, d] }))[0] !== y;
      const r = await fgsm(model, { data: x, shape: [1, d] }, { eps });
      expect(r.success[0]).toBe(fooled ? 1 : 0);
      const want = fooled ? step : x;
      for (let i = 0; i < d; i++) expect(Math.abs(r.adversarial.data[i]! - want[i]!)).toBeLessThanOrEqual(2e-7);
      expect(r.iterations[0]).toBe(1);
    }), { numRuns: 100 });
  });
  it('TGSM steps down the CE of the target: x - eps sign(grad CE(x, t))', async () => {
    const rng = new Rng(9);
    const d = 6, c = 4;
    const model = new LinearModel([d], c, rng.fillNormal(c * d, 2), rng.fillNormal(c));
    const x = rng.fillUniform(d, 0.3, 0.7);
    for (let t = 0; t < c; t++) {
      const s = ceGradSign(model, x, t);
      const r = await tgsm(model, { data: x, shape: [1, d] }, { eps: 0.25, target: t, box: WIDE });
      const step = Float32Array.from(x, (v, i) => v - 0.25 * s[i]!);
      const clean = predictions(await model.logits({ data: x, shape: [1, d] }))[0] === t;
      const reached = predictions(await model.logits({ data: step, shape: [1, d] }))[0] === t;
      expect(r.success[0]).toBe(clean || reached ? 1 : 0);
      // Already the target: nothing to do, the input comes back unchanged.
      const want = clean ? x : reached ? step : x;
      for (let i = 0; i < d; i++) expect(r.adversarial.data[i]).toBeCloseTo(want[i]!, 6);
    }
  });
  it('on an affine 2-class model FGSM-Linf is exact: succeeds at 1.01 x |f| / ||w||_1, fails at 0.99 x', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 12 }), async (seed, d) => {
      const { model, x, dist } = affinePair(seed, d);
      expect((await fgsm(model, x, { eps: dist.linf * 1.01, box: WIDE })).success[0]).toBe(1);
      expect((await fgsm(model, x, { eps: dist.linf * 0.99, box: WIDE })).success[0]).toBe(0);
      expect((await fgsm(model, x, { norm: 'l2', eps: dist.l2 * 1.01, box: WIDE })).success[0]).toBe(1);
      expect((await fgsm(model, x, { norm: 'l2', eps: dist.l2 * 0.99, box: WIDE })).success[0]).toBe(0);
    }), { numRuns: 60 });
  });
});

describe('iterated TGSM', () => {
  it('defaults to the least-likely class and reaches it given the budget (linear, 5 classes in general position)', async () => {
    const rng = new Rng(3);
    const model = new LinearModel([6], 5, rng.fillNormal(30), rng.fillNormal(5));
    const x = { data: rng.fillUniform(120, 0, 1), shape: [20, 6] };
    const z = await model.logits(x);
    const r = await iterativeTgsm(model, x, { eps: 5, steps: 40, relativeStepSize: 0.1, box: WIDE });
    for (let i = 0; i < 20; i++) {
      const row = [...z.data.subarray(i * 5, i * 5 + 5)];
      expect(r.labels[i]).toBe(row.indexOf(Math.min(...row)));
    }
    expect(count(r.success)).toBe(20);
    const pred = predictions(r.logits);
    for (let i = 0; i < 20; i++) if (r.success[i]) expect(pred[i]).toBe(r.labels[i]);
  });
  it('more iterations reach more targets than one TGSM step at the same eps', async () => {
    const { model, x } = reluNet(5, 6, 5, 40);
    const target = Array.from({ length: 40 }, (_, i) => i % 5);
    const one = count((await tgsm(model, x, { eps: 0.3, target })).success);
    const many = count((await iterativeTgsm(model, x, { eps: 0.3, target, steps: 20, relativeStepSize: 0.1 })).success);
    expect(many).toBeGreaterThan(one);
  });
  it('earlyStop false keeps pushing: the target logit margin grows beyond the first success', async () => {
    const { model, x } = reluNet(6, 6, 4, 10);
    const target = 2;
    const stop = await iterativeTgsm(model, x, { eps: 0.8, target, steps: 30, relativeStepSize: 0.05 });
    const push = await iterativeTgsm(model, x, { eps: 0.8, target, steps: 30, relativeStepSize: 0.05, earlyStop: false });
    let grew = 0;
    for (let i = 0; i < 10; i++) {
      if (!stop.success[i]) continue;
      expect(push.success[i]).toBe(1);
      const m = (l: Float32Array) => l[i * 4 + target]! - Math.max(...[0, 1, 3].map((k) => l[i * 4 + k]!));
      if (m(push.logits.data) > m(stop.logits.data) + 1e-3) grew++;
    }
    expect(grew).toBeGreaterThan(0);
  });
  it("refuses 'predicted' and bad classes", async () => {
    const { model, x } = reluNet(6, 6, 4, 1);
    await expect(iterativeTgsm(model, x, { target: 7 })).rejects.toThrow(/class 7 is not a class index/);
  });
});
