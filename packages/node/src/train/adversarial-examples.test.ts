import { crossEntropy, Rng, type Tensor } from '@axplain/core';
import { tensorValues } from '@axplain/onnx';
import { afterAll, describe, expect, it } from 'vitest';
import { adversarialExamples, buildArchitecture, ParameterModel, resolveAdversarial } from './index.js';

const m = buildArchitecture({ kind: 'mlp', hidden: [16] }, { inputShape: [1, 6, 6], classes: 4, seed: 9 });
const live = new ParameterModel(m, Object.fromEntries(m.graph!.initializer!.map((t) => [t.name!, Float32Array.from(tensorValues(t))])));
const grad = (x: Tensor, y: ArrayLike<number>) => live.crossEntropyGradient(x, y);
afterAll(() => live.dispose());

const n = 16;
// Half the pixels at 0 or 1 so the box binds.
const x: Tensor = { data: new Rng(1).fillUniform(n * 36, -0.5, 1.5).map((v) => Math.min(1, Math.max(0, v))), shape: [n, 1, 6, 6] };
const y = Int32Array.from({ length: n }, (_, i) => i % 4);

function norms(a: Float32Array, b: Float32Array) {
  const out: { linf: number; l2: number }[] = [];
  for (let s = 0; s < n; s++) {
    let linf = 0, l2 = 0;
    for (let i = s * 36; i < (s + 1) * 36; i++) { const d = Math.abs(a[i]! - b[i]!); linf = Math.max(linf, d); l2 += d * d; }
    out.push({ linf, l2: Math.sqrt(l2) });
  }
  return out;
}

const meanCe = async (t: Tensor) => crossEntropy(await live.logits(t), y).value.reduce((s, v) => s + v, 0) / n;

describe('PGD training examples', () => {
  it('Linf: inside the eps-ball and the [0, 1] box exactly, the loss higher than at x, deterministic per seed', async () => {
    const adv = await adversarialExamples(grad, x, y, { eps: 0.1, steps: 10 }, 5);
    const ns = norms(adv.data, x.data);
    expect(Math.max(...ns.map((v) => v.linf))).toBeLessThanOrEqual(0.1);
    // Ten steps of 0.025 from a random start end on the ball's surface for almost every sample.
    expect(ns.filter((v) => v.linf > 0.099).length).toBe(n);
    expect(adv.data.every((v) => v >= 0 && v <= 1)).toBe(true);
    const [clean, attacked] = [await meanCe(x), await meanCe(adv)];
    expect(attacked).toBeGreaterThan(clean + 0.3); // measured 1.70 -> 2.35
    expect(await adversarialExamples(grad, x, y, { eps: 0.1, steps: 10 }, 5)).toEqual(adv);
    expect((await adversarialExamples(grad, x, y, { eps: 0.1, steps: 10 }, 6)).data).not.toEqual(adv.data);
  });

  it('L2: every perturbation has norm <= eps and the loss rises', async () => {
    const adv = await adversarialExamples(grad, x, y, { norm: 'l2', eps: 0.5, steps: 8 }, 0);
    const ns = norms(adv.data, x.data);
    expect(Math.max(...ns.map((v) => v.l2))).toBeLessThanOrEqual(0.5 + 1e-9);
    expect(Math.min(...ns.map((v) => v.l2))).toBeGreaterThan(0.45);
    expect(await meanCe(adv)).toBeGreaterThan((await meanCe(x)) + 0.3); // measured 1.70 -> 2.47
  });

  it('one step of size eps without random start is FGSM: clip(x + eps sign(dCE/dx))', async () => {
    const adv = await adversarialExamples(grad, x, y, { eps: 0.2, steps: 1, stepSize: 0.2, randomStart: false });
    const g = (await grad(x, y)).grad.data;
    const fgsm = x.data.map((v, i) => Math.min(1, Math.max(0, v + 0.2 * Math.sign(g[i]!))));
    expect(Math.max(...adv.data.map((v, i) => Math.abs(v - fgsm[i]!)))).toBeLessThan(1e-7);
  });

  it('defaults follow Madry et al. (step 2.5 eps / steps, random start) and bad options name the field', async () => {
    expect(resolveAdversarial({ eps: 0.3 })).toEqual({ norm: 'linf', eps: 0.3, steps: 10, stepSize: 0.075, randomStart: true });
    expect(() => resolveAdversarial({ eps: 0 })).toThrow(/adversarial.eps: must be a finite number > 0/);
    expect(() => resolveAdversarial({ eps: 1, norm: 'l1' as never })).toThrow(/adversarial.norm: must be 'linf' or 'l2'/);
    expect(() => resolveAdversarial({ eps: 1, steps: 0 })).toThrow(/adversarial.steps: must be an integer >= 1/);
    await expect(adversarialExamples(grad, { data: Float32Array.of(...new Array(36).fill(0.5), 2, ...new Array(35).fill(0)), shape: [2, 1, 6, 6] }, [0, 1], { eps: 0.1 }))
      .rejects.toThrow(/x: a value 2 lies outside \[0, 1\]/);
  });
});
