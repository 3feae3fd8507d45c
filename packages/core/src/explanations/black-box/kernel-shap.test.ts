import { describe, expect, it } from 'vitest';
import { softmax } from '../../losses/softmax.js';
import { Rng } from '../../rng.js';
import type { Tensor } from '../../tensor.js';
import { LinearModel, ReluModel } from '../../testing/linear-model.js';
import { kernelShap } from './kernel-shap.js';

const C = 3;
const segs = (d: number, m: number) => ({ labels: Int32Array.from({ length: d }, (_, i) => (i * 7) % m), count: m });

/** Exact Shapley values of v(S) = f_y(x with the segments outside S at `base`), by the definition. */
async function bruteShapley(model: ReluModel | LinearModel, x: Float32Array, y: number, labels: Int32Array, m: number, base: number): Promise<number[]> {
  const d = x.length;
  const all = 2 ** m;
  const data = new Float32Array(all * d);
  for (let c = 0; c < all; c++) for (let i = 0; i < d; i++) data[c * d + i] = (c >>> labels[i]!) & 1 ? x[i]! : base;
  const z = await model.logits({ data, shape: [all, ...model.inputShape] });
  const v = (c: number) => z.data[c * C + y]!;
  const fact = (k: number): number => (k <= 1 ? 1 : k * fact(k - 1));
  return Array.from({ length: m }, (_, j) => {
    let phi = 0;
    for (let c = 0; c < all; c++) {
      if ((c >>> j) & 1) continue;
      let s = 0;
      for (let t = 0; t < m; t++) s += (c >>> t) & 1;
      phi += (fact(s) * fact(m - s - 1) / fact(m)) * (v(c | (1 << j)) - v(c));
    }
    return phi;
  });
}

describe('kernelShap', () => {
  it('gives the exact segment contributions of an affine model (all coalitions) within maxEvals', async () => {
    const D = 10, N = 2, M = 5;
    const rng = new Rng(21);
    const W = rng.fillNormal(C * D);
    const model = new LinearModel([D], C, W, rng.fillNormal(C));
    const x: Tensor = { data: rng.fillUniform(N * D, 0, 1), shape: [N, D] };
    const segments = segs(D, M);
    const r = await kernelShap(model, x, { segments, maxEvals: 40 });
    expect([...r.evals]).toEqual([32, 32]); // f(x), f(baseline), 30 coalitions
    expect(model.calls.samples).toBe(N * 32);
    for (let s = 0; s < N; s++) {
      const p = r.perSample[s]!;
      expect(p.exact).toBe(true);
      const y = r.targets[s]!;
      for (let k = 0; k < M; k++) {
        let c = 0;
        for (let i = 0; i < D; i++) if (segments.labels[i] === k) c += W[y * D + i]! * x.data[s * D + i]!;
        expect(p.values[k]).toBeCloseTo(c, 4);
      }
      expect(p.values.reduce((a, b) => a + b, 0)).toBeCloseTo(p.inputValue - p.baseValue, 6);
    }
  });

  it('gives the exact Shapley values of a ReLU network when every coalition fits the budget', async () => {
    const D = 10, M = 5;
    const rng = new Rng(22);
    const model = new ReluModel([D], C, rng.fillNormal(12 * D), rng.fillNormal(12, 0.3), rng.fillNormal(C * 12), rng.fillNormal(C));
    const x = rng.fillUniform(D, 0, 1);
    const segments = segs(D, M);
    const r = await kernelShap(model, { data: x, shape: [1, D] }, { segments, baseline: 0.25, target: 1 });
    expect(r.perSample[0]!.exact).toBe(true);
    const phi = await bruteShapley(model, x, 1, segments.labels, M, 0.25);
    expect(Math.max(...phi.map((v, k) => Math.abs(v - r.perSample[0]!.values[k]!)))).toBeLessThan(1e-4);
    // the network is not additive here: the Shapley values differ from the one-at-a-time drops
    const drops = await Promise.all(Array.from({ length: M }, async (_, k) => {
      const off = Float32Array.from(x, (v, i) => (segments.labels[i] === k ? 0.25 : v));
      const z = await model.logits({ data: Float32Array.of(...x, ...off), shape: [2, D] });
      return z.data[1]! - z.data[C + 1]!;
    }));
    expect(Math.max(...phi.map((v, k) => Math.abs(v - drops[k]!)))).toBeGreaterThan(0.01);
  });

  it('samples coalitions when 2^M exceeds the budget: exact for an additive model, efficiency always, deterministic', async () => {
    const D = 24, M = 12, N = 2;
    const rng = new Rng(23);
    const W = rng.fillNormal(C * D);
    const lin = new LinearModel([D], C, W);
    const x: Tensor = { data: rng.fillUniform(N * D, 0, 1), shape: [N, D] };
    const segments = segs(D, M);
    const r = await kernelShap(lin, x, { segments, maxEvals: 200, seed: 3 });
    expect(lin.calls.samples).toBeLessThanOrEqual(N * 200);
    for (let s = 0; s < N; s++) {
      expect(r.perSample[s]!.exact).toBe(false);
      expect(r.evals[s]!).toBeLessThanOrEqual(200);
      expect(r.evals[s]!).toBeGreaterThan(150);
      const y = r.targets[s]!;
      for (let k = 0; k < M; k++) {
        let c = 0;
        for (let i = 0; i < D; i++) if (segments.labels[i] === k) c += W[y * D + i]! * x.data[s * D + i]!;
        expect(r.perSample[s]!.values[k]).toBeCloseTo(c, 4);
      }
    }
    const relu = new ReluModel([D], C, rng.fillNormal(16 * D), rng.fillNormal(16, 0.3), rng.fillNormal(C * 16), rng.fillNormal(C));
    const a = await kernelShap(relu, x, { segments, maxEvals: 150, seed: 4, output: 'probabilities' });
    const b = await kernelShap(relu, x, { segments, maxEvals: 150, seed: 4, output: 'probabilities', internalBatchSize: 5 });
    expect([...a.attribution.data]).toEqual([...b.attribution.data]);
    const px = softmax(await relu.logits(x)).data;
    for (let s = 0; s < N; s++) {
      const p = a.perSample[s]!;
      expect(p.inputValue).toBeCloseTo(px[s * C + a.targets[s]!]!, 6);
      expect(p.values.reduce((acc, v) => acc + v, 0)).toBeCloseTo(p.inputValue - p.baseValue, 6);
    }
  });

  it('a single segment gets the whole difference; bad budgets are refused', async () => {
    const model = new LinearModel([4], C, new Rng(24).fillNormal(C * 4));
    const x: Tensor = { data: Float32Array.of(0.1, 0.2, 0.3, 0.4), shape: [1, 4] };
    const r = await kernelShap(model, x, { segments: { labels: new Int32Array(4), count: 1 } });
    expect(r.evals[0]).toBe(2);
    expect(r.perSample[0]!.values[0]).toBeCloseTo(r.perSample[0]!.inputValue - r.perSample[0]!.baseValue, 6);
    await expect(kernelShap(model, x, { maxEvals: 2 })).rejects.toThrow(/maxEvals: must be an integer >= 3/);
    await expect(kernelShap(model, x, { segments: { labels: Int32Array.of(0, 1, 2, 3), count: 4 }, maxEvals: 3 })).rejects.toThrow(/do not determine 4 Shapley values; raise maxEvals/);
  });
});
