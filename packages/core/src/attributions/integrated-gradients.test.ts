import { describe, expect, it } from 'vitest';
import { ShapeMismatchError, TargetError } from '../errors.js';
import { gaussianBlur } from '../image-ops.js';
import { Rng } from '../rng.js';
import { LinearModel, ReluModel } from '../testing/linear-model.js';
import { concatBatch, sliceBatch, type Tensor } from '../tensor.js';
import { integratedGradients } from './integrated-gradients.js';
import { INTEGRATION_METHODS } from './quadrature.js';

const D = 8, C = 3, H = 12, N = 3;
const W = new Rng(1).fillNormal(C * D);
const linear = () => new LinearModel([D], C, W, Float32Array.of(0.3, -0.2, 0.1));
const U = new Rng(2).fillNormal(H * D), c = new Rng(3).fillNormal(H, 0.5), V = new Rng(4).fillNormal(C * H);
const relu = () => new ReluModel([D], C, U, c, V);
const x: Tensor = { data: new Rng(5).fillUniform(N * D, -1, 1), shape: [N, D] };

/**
 * Exact IG of the ReLU model: along the path each hidden unit's pre-activation is affine in alpha,
 * so the gradient is piecewise constant and its integral is sum_h V_yh U_h (fraction of [0, 1]
 * where unit h is active).
 */
function exactIg(x1: Float32Array, x0: Float32Array, y: number): Float64Array {
  const out = new Float64Array(D);
  for (let h = 0; h < H; h++) {
    let p0 = c[h]!, p1 = c[h]!;
    for (let i = 0; i < D; i++) { p0 += U[h * D + i]! * x0[i]!; p1 += U[h * D + i]! * x1[i]!; }
    // p(a) = p0 + a (p1 - p0) > 0 on a fraction of [0, 1]
    let frac: number;
    if (p0 === p1) frac = p0 > 0 ? 1 : 0;
    else {
      const root = p0 / (p0 - p1);
      frac = p1 > p0 ? 1 - Math.min(1, Math.max(0, root)) : Math.min(1, Math.max(0, root));
    }
    for (let i = 0; i < D; i++) out[i]! += V[y * H + h]! * U[h * D + i]! * frac * (x1[i]! - x0[i]!);
  }
  return out;
}

describe('integratedGradients on a linear model: (x - x0) * W_y for every rule', () => {
  for (const method of INTEGRATION_METHODS)
    it(method, async () => {
      const x0: Tensor = { data: new Rng(6).fillUniform(D, -0.5, 0.5), shape: [1, D] };
      const r = await integratedGradients(linear(), x, { target: [0, 2, 1], baseline: x0, steps: 7, method });
      for (let n = 0; n < N; n++) {
        const y = r.targets[n]!;
        for (let i = 0; i < D; i++) {
          const expected = (x.data[n * D + i]! - x0.data[i]!) * W[y * D + i]!;
          expect(Math.abs(r.attribution.data[n * D + i]! - expected)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(expected)));
        }
        expect(Math.abs(r.delta[n]!)).toBeLessThan(1e-5);
        expect(r.inputScores[n]! - r.baselineScores[n]!).toBeCloseTo(r.attribution.data.subarray(n * D, (n + 1) * D).reduce((a, b) => a + b, 0), 5);
      }
      expect([...r.baseline.data.subarray(D, 2 * D)]).toEqual([...x0.data]);
    });
});

describe('integratedGradients on a ReLU model', () => {
  // The gradient is piecewise constant along the path (a ReLU kink ends each piece), so every rule
  // converges at O(1/steps). The gap is measured against the largest |f_y(x) - f_y(x0)| of the
  // batch: one sample's difference (-0.23) is small by cancellation of O(1) gradient terms.
  it('converges to the exact path integral; the completeness gap shrinks with steps, < 1% at 256 steps', async () => {
    const m = relu();
    const zero = new Float32Array(D);
    for (const method of ['riemann_trapezoid', 'riemann_middle', 'gausslegendre'] as const) {
      const gaps: number[] = [];
      const errors: number[] = [];
      for (const steps of [4, 32, 256, 2048]) {
        const r = await integratedGradients(m, x, { target: 0, steps, method });
        let gap = 0, diff = 0, err = 0, span = 0;
        for (let n = 0; n < N; n++) {
          gap = Math.max(gap, Math.abs(r.delta[n]!));
          diff = Math.max(diff, Math.abs(r.inputScores[n]! - r.baselineScores[n]!));
          const exact = exactIg(x.data.subarray(n * D, (n + 1) * D), zero, 0);
          for (let i = 0; i < D; i++) {
            err = Math.max(err, Math.abs(r.attribution.data[n * D + i]! - exact[i]!));
            span = Math.max(span, Math.abs(exact[i]!));
          }
        }
        gaps.push(gap / diff);
        errors.push(err / span);
      }
      expect(gaps[0], `${method}: the path crosses kinks, so 4 steps leave a gap`).toBeGreaterThan(0.05);
      expect(gaps[2], method).toBeLessThan(0.01);
      expect(gaps[3], method).toBeLessThan(0.002);
      expect(errors[0], method).toBeGreaterThan(0.05);
      expect(errors[2], method).toBeLessThan(0.01);
      expect(errors[3], method).toBeLessThan(0.002);
    }
  });
  it('a batch equals its samples one by one', async () => {
    const opts = { target: [2, 0, 1], steps: 10, method: 'riemann_middle' as const, baseline: 0.25 };
    const whole = await integratedGradients(relu(), x, opts);
    const parts = await Promise.all([0, 1, 2].map((n) => integratedGradients(relu(), sliceBatch(x, n, n + 1), { ...opts, target: opts.target[n]! })));
    expect([...concatBatch(parts.map((p) => p.attribution)).data]).toEqual([...whole.attribution.data]);
    expect(parts.map((p) => p.delta[0])).toEqual([...whole.delta]);
  });
  it('internalBatchSize changes only the number of model calls', async () => {
    const steps = 20;
    const reference = await integratedGradients(relu(), x, { steps });
    const seen: number[] = [];
    for (const ibs of [1, 6, 7, 64, 1000]) {
      const m = relu();
      const r = await integratedGradients(m, x, { steps, internalBatchSize: ibs, onStep: ({ step, steps: total }) => { seen.push(step); expect(total).toBe(Math.ceil((N * steps) / ibs)); } });
      expect([...r.attribution.data]).toEqual([...reference.attribution.data]);
      expect([...r.delta]).toEqual([...reference.delta]);
      expect(m.calls).toEqual({ logits: Math.ceil((2 * N) / ibs), vjp: Math.ceil((N * steps) / ibs), samples: 2 * N + N * steps });
    }
    expect(seen.length).toBe(60 + 10 + 9 + 1 + 1);
  });
});

describe('integratedGradients baselines', () => {
  it("'zeros' (default), a constant, a single tensor broadcast or one per sample", async () => {
    const m = linear();
    expect([...(await integratedGradients(m, x, { steps: 2 })).baseline.data]).toEqual(new Array(N * D).fill(0));
    expect([...(await integratedGradients(m, x, { steps: 2, baseline: -0.5 })).baseline.data]).toEqual(new Array(N * D).fill(-0.5));
    const per = { data: new Rng(8).fillNormal(N * D), shape: [N, D] };
    expect((await integratedGradients(m, x, { steps: 2, baseline: per })).baseline.data).toEqual(per.data);
    const bad = { data: new Float32Array(2 * D), shape: [2, D] };
    await expect(integratedGradients(m, x, { baseline: bad })).rejects.toThrow(ShapeMismatchError);
    await expect(integratedGradients(m, x, { baseline: bad })).rejects.toThrow(/baseline: expected shape \[1 or 3, 8\], got \[2, 8\]/);
  });
  it("'blur' is the Gaussian blur of each input over its last two axes", async () => {
    const m = new LinearModel([2, 6, 6], 2, new Rng(9).fillNormal(144));
    const img = { data: new Rng(10).fillUniform(2 * 72, 0, 1), shape: [2, 2, 6, 6] };
    const r = await integratedGradients(m, img, { target: 1, baseline: { kind: 'blur', sigma: 1.5 }, steps: 4 });
    expect(r.baseline.data).toEqual(gaussianBlur(img, 1.5).data);
    expect((await integratedGradients(m, img, { baseline: 'blur', steps: 2 })).baseline.data).toEqual(gaussianBlur(img, 0.6).data);
    expect(Math.abs(r.delta[0]!)).toBeLessThan(1e-5);
    await expect(integratedGradients(linear(), x, { baseline: 'blur' })).rejects.toThrow(/'blur' needs inputs with height and width.*\[8\]/);
  });
  it('uniform noise is seeded: same seed same baseline, another seed another', async () => {
    const m = linear();
    const run = (seed: number) => integratedGradients(m, x, { steps: 3, baseline: { kind: 'uniform', lo: -1, hi: 2, seed } });
    const [a, b, other] = [await run(5), await run(5), await run(6)];
    expect(a.baseline.data).toEqual(b.baseline.data);
    expect(a.attribution.data).toEqual(b.attribution.data);
    expect(a.baseline.data).not.toEqual(other.baseline.data);
    expect(Math.min(...a.baseline.data)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...a.baseline.data)).toBeLessThan(2);
    expect(Math.max(...a.baseline.data) - Math.min(...a.baseline.data)).toBeGreaterThan(2);
  });
});

describe('integratedGradients errors', () => {
  it('rejects bad steps, unknown methods, bad targets and shapes before any model call', async () => {
    const m = linear();
    await expect(integratedGradients(m, x, { steps: 0 })).rejects.toThrow(/steps: must be an integer >= 1, got 0/);
    await expect(integratedGradients(m, x, { steps: 1, method: 'riemann_trapezoid' })).rejects.toThrow(/steps: must be an integer >= 2/);
    await expect(integratedGradients(m, x, { method: 'simpson' as never })).rejects.toThrow(/method: unknown value 'simpson'/);
    await expect(integratedGradients(m, x, { target: 3 })).rejects.toThrow(TargetError);
    await expect(integratedGradients(m, { data: new Float32Array(9), shape: [1, 9] })).rejects.toThrow(/expected shape \[N, 8\], got \[1, 9\]/);
    await expect(integratedGradients(m, x, { baseline: { kind: 'uniform', lo: 1, hi: 0 } })).rejects.toThrow(/lo <= hi/);
    expect(m.calls).toEqual({ logits: 0, vjp: 0, samples: 0 });
  });
});
