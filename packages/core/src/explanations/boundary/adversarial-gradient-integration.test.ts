import { describe, expect, it } from 'vitest';
import { softmax } from '../../losses/softmax.js';
import { Rng } from '../../rng.js';
import type { Tensor } from '../../tensor.js';
import { LinearModel, ReluModel } from '../../testing/linear-model.js';
import { adversarialGradientIntegration } from './adversarial-gradient-integration.js';

describe('adversarialGradientIntegration (AGI)', () => {
  it('matches the closed form of a 2-class affine model: eps |W_t - W_j| sum_i p_t p_j along the path', async () => {
    // With 2 classes grad p_j = p_t p_j (W_j - W_t), so every step is eps sign(W_j - W_t), the logit
    // margin m = f_t - f_j falls by eps ||W_t - W_j||_1 per step, and each step adds
    // -grad p_t * dx = eps p_t p_j |W_t - W_j| (>= 0 everywhere).
    const D = 6, N = 3, eps = 0.01, steps = 10;
    const rng = new Rng(8);
    const W = rng.fillNormal(2 * D);
    const model = new LinearModel([D], 2, W);
    const x: Tensor = { data: rng.fillUniform(N * D, 0.3, 0.7), shape: [N, D] };
    const z = await model.logits(x);
    const r = await adversarialGradientIntegration(model, x, { eps, steps });
    expect([...r.paths.sample]).toEqual([0, 1, 2]);
    for (let s = 0; s < N; s++) {
      const t = z.data[2 * s]! >= z.data[2 * s + 1]! ? 0 : 1;
      const j = 1 - t;
      expect(r.targets[s]).toBe(t);
      expect(r.paths.falseClass[s]).toBe(j);
      const diff = Array.from({ length: D }, (_, i) => Math.abs(W[t * D + i]! - W[j * D + i]!));
      const l1 = diff.reduce((a, b) => a + b, 0);
      let m = z.data[2 * s + t]! - z.data[2 * s + j]!;
      let weight = 0, taken = 0;
      for (let i = 0; i < steps && m > 0; i++) {
        const pt = 1 / (1 + Math.exp(-m));
        weight += pt * (1 - pt);
        m -= eps * l1;
        taken++;
      }
      expect(r.paths.steps[s]).toBe(taken);
      expect(r.paths.reached[s]).toBe(m < 0 ? 1 : 0);
      for (let i = 0; i < D; i++) {
        const got = r.attribution.data[s * D + i]!;
        expect(got).toBeGreaterThanOrEqual(0);
        expect(got).toBeCloseTo(eps * diff[i]! * weight, 6);
      }
    }
    expect(new Set(r.paths.reached).size).toBe(2); // some paths reach class j within 10 steps, some do not
  });

  it('is zero when the box stops every step, and the paths are reported as not reached', async () => {
    // class 0 wins by f_0 - f_1 = 5 - 2 (x_0 + x_1) >= 1; the step towards class 1 is + on both values, blocked at 1
    const model = new LinearModel([2], 2, Float32Array.of(-1, -1, 1, 1), Float32Array.of(5, 0));
    const r = await adversarialGradientIntegration(model, { data: Float32Array.of(1, 1), shape: [1, 2] }, { steps: 7 });
    expect([...r.attribution.data]).toEqual([0, 0]);
    expect([...r.paths.steps]).toEqual([7]);
    expect([...r.paths.reached]).toEqual([0]);
  });

  it('chooses false classes by the documented rules and is deterministic and batch-invariant', async () => {
    const D = 6, C = 5;
    const rng = new Rng(8);
    const model = new ReluModel([D], C, rng.fillNormal(10 * D, 1.5), rng.fillNormal(10, 0.3), rng.fillNormal(C * 10), rng.fillNormal(C));
    const x: Tensor = { data: rng.fillUniform(2 * D, 0, 1), shape: [2, D] };
    const p = softmax(await model.logits(x)).data;
    const all = await adversarialGradientIntegration(model, x);
    for (let s = 0; s < 2; s++) {
      const y = all.targets[s]!;
      const mine = [...all.paths.falseClass].filter((_, q) => all.paths.sample[q] === s);
      // k = 20 >= C - 1: every false class, by decreasing probability
      const expected = [0, 1, 2, 3, 4].filter((c) => c !== y).sort((a, b) => p[s * C + b]! - p[s * C + a]!);
      expect(mine).toEqual(expected);
    }
    const top2 = await adversarialGradientIntegration(model, x, { k: 2 });
    expect(top2.paths.sample.length).toBe(4);
    const spread = await adversarialGradientIntegration(model, x, { k: 2, falseClasses: 'spread' });
    // stride floor(5 / 2) = 2: classes 0 and 2, the explained class skipped
    for (let s = 0; s < 2; s++)
      expect([...spread.paths.falseClass].filter((_, q) => spread.paths.sample[q] === s)).toEqual([0, 2].filter((c) => c !== spread.targets[s]));
    const listed = await adversarialGradientIntegration(model, x, { falseClasses: [1, 3], target: 1 });
    expect([...listed.paths.falseClass]).toEqual([3, 3]);
    const again = await adversarialGradientIntegration(model, x, { internalBatchSize: 1 });
    expect([...again.attribution.data]).toEqual([...all.attribution.data]);
    expect([...again.paths.steps]).toEqual([...all.paths.steps]);
    expect([...all.attribution.data].some((v) => v !== 0)).toBe(true);
    await expect(adversarialGradientIntegration(model, x, { eps: 0 })).rejects.toThrow(/eps: must be a finite number > 0/);
    await expect(adversarialGradientIntegration(model, x, { falseClasses: [9] })).rejects.toThrow(/falseClasses: 9 is not a class index/);
  });
});
