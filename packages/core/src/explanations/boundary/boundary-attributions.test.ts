import { describe, expect, it } from 'vitest';
import { integratedGradients } from '../../attributions/integrated-gradients.js';
import { saliency } from '../../attributions/saliency.js';
import { AxplainError } from '../../errors.js';
import { Rng } from '../../rng.js';
import { predictions } from '../../targets.js';
import type { Tensor } from '../../tensor.js';
import { LinearModel, ReluModel } from '../../testing/linear-model.js';
import { boundaryIntegratedGradients } from './boundary-integrated-gradients.js';
import { boundarySaliency } from './boundary-saliency.js';
import { BoundaryNotFoundError } from './boundary-search.js';

const D = 8, C = 4, N = 3;
const W = new Rng(31).fillNormal(C * D);
const B = new Rng(32).fillNormal(C, 0.1);
const x: Tensor = { data: new Rng(33).fillUniform(N * D, 0.35, 0.65), shape: [N, D] };
// Small member budgets keep the tests fast; the properties pinned do not depend on them.
const search = { cw: { steps: 100, binarySearchSteps: 5 }, fmn: { steps: 40 }, pgd: { steps: 20 }, apgd: { steps: 20 } };

const row = (t: Tensor, s: number) => [...t.data.subarray(s * (t.data.length / t.shape[0]!), (s + 1) * (t.data.length / t.shape[0]!))];

describe('boundarySaliency (BSM)', () => {
  it('is the saliency of the original class at x\', the same numbers; on an affine model it is W_y', async () => {
    const model = new LinearModel([D], C, W, B);
    const y = predictions(await model.logits(x));
    const r = await boundarySaliency(model, x, { search });
    expect([...r.targets]).toEqual([...y]);
    expect([...r.found]).toEqual([1, 1, 1]);
    const zb = await model.logits(r.boundary);
    for (let s = 0; s < N; s++) {
      expect(predictions(zb)[s]).not.toBe(y[s]); // x' is across the boundary of y
      expect(r.distance[s]!).toBeGreaterThan(0);
      expect(r.distance[s]!).toBeLessThan(1);
      row(r.attribution, s).forEach((v, i) => expect(v).toBeCloseTo(W[y[s]! * D + i]!, 6));
    }
    const sm = await saliency(model, r.boundary, { target: Array.from(y) });
    expect([...r.attribution.data]).toEqual([...sm.attribution.data]);
  });

  it('equals saliency at x\' exactly on a ReLU network, where it differs from saliency at x', async () => {
    const rng = new Rng(41);
    const model = new ReluModel([D], C, rng.fillNormal(16 * D, 1.5), rng.fillNormal(16, 0.5), rng.fillNormal(C * 16), rng.fillNormal(C, 0.2));
    const r = await boundarySaliency(model, x, { search });
    expect([...r.found]).toEqual([1, 1, 1]);
    const atBoundary = await saliency(model, r.boundary, { target: Array.from(r.targets) });
    const atX = await saliency(model, x, { target: Array.from(r.targets) });
    expect([...r.attribution.data]).toEqual([...atBoundary.attribution.data]);
    expect([...r.attribution.data]).not.toEqual([...atX.attribution.data]);
  });
});

describe('boundaryIntegratedGradients (BIG)', () => {
  it('is IG with baseline x\' (20 trapezoid steps) and complete: sum = f_y(x) - f_y(x\') on an affine model', async () => {
    const model = new LinearModel([D], C, W, B);
    const r = await boundaryIntegratedGradients(model, x, { search });
    expect([...r.found]).toEqual([1, 1, 1]);
    const ig = await integratedGradients(model, x, { baseline: r.boundary, target: Array.from(r.targets), steps: 20, method: 'riemann_trapezoid' });
    expect([...r.attribution.data]).toEqual([...ig.attribution.data]);
    const zx = await model.logits(x);
    const zb = await model.logits(r.boundary);
    for (let s = 0; s < N; s++) {
      const y = r.targets[s]!;
      const gap = zx.data[s * C + y]! - zb.data[s * C + y]!;
      expect(gap).toBeGreaterThan(0);
      const sum = row(r.attribution, s).reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(gap, 5);
      expect(Math.abs(r.delta[s]!)).toBeLessThan(1e-5);
      expect(r.inputScores[s]).toBeCloseTo(zx.data[s * C + y]!, 5);
      expect(r.boundaryScores[s]).toBeCloseTo(zb.data[s * C + y]!, 5);
      // (x - x') * W_y elementwise
      row(r.attribution, s).forEach((v, i) => expect(v).toBeCloseTo((x.data[s * D + i]! - r.boundary.data[s * D + i]!) * W[y * D + i]!, 6));
    }
  });

  it('is complete within 3% on a ReLU network at the default 20 steps', async () => {
    const rng = new Rng(42);
    const model = new ReluModel([D], C, rng.fillNormal(16 * D, 1.5), rng.fillNormal(16, 0.5), rng.fillNormal(C * 16), rng.fillNormal(C, 0.2));
    const r = await boundaryIntegratedGradients(model, x, { search });
    for (let s = 0; s < N; s++) {
      expect(r.found[s]).toBe(1);
      const gap = r.inputScores[s]! - r.boundaryScores[s]!;
      expect(gap).toBeGreaterThan(0);
      expect(Math.abs(r.delta[s]!) / gap).toBeLessThan(0.03);
    }
  });

  it('reuses boundary points found beforehand (no search) and re-checks them', async () => {
    const model = new LinearModel([D], C, W, B);
    const bsm = await boundarySaliency(model, x, { search });
    const before = model.calls.logits;
    const big = await boundaryIntegratedGradients(model, x, { boundary: { adversarial: bsm.boundary, found: bsm.found }, target: Array.from(bsm.targets) });
    // one re-check pass and one pass for IG's endpoints f(x), f(x'); no attack ran
    expect(model.calls.logits - before).toBe(2);
    expect([...big.boundary.data]).toEqual([...bsm.boundary.data]);
    expect([...big.found]).toEqual([1, 1, 1]);
    // a claimed point that is not adversarial is reported not found, not trusted
    const liar = await boundaryIntegratedGradients(model, x, { boundary: { adversarial: x, found: new Uint8Array(N).fill(1) } });
    expect([...liar.found]).toEqual([0, 0, 0]);
    expect([...liar.attribution.data].every((v) => v === 0)).toBe(true);
  });
});

describe('boundary attributions where no boundary point exists', () => {
  // f_0 - f_1 = x_0 - x_1 + 1.5 >= 0.5 on the box [0, 1]^2: class 0 everywhere, no attack can succeed.
  const stuck = () => new LinearModel([2], 2, Float32Array.of(1, -1, 0, 0), Float32Array.of(1.5, 0));
  const xs: Tensor = { data: Float32Array.of(0.2, 0.7, 0.9, 0.1), shape: [2, 2] };
  const quick = { members: ['pgd', 'fmn'] as const, pgd: { steps: 10 }, fmn: { steps: 20 } };

  it("'zeros' (default): finite zeros flagged by found = 0, boundary = x, distance Infinity", async () => {
    const r = await boundarySaliency(stuck(), xs, { search: quick });
    expect(r.onNotFound).toBe('zeros');
    expect([...r.found]).toEqual([0, 0]);
    expect([...r.attribution.data]).toEqual([0, 0, 0, 0]);
    expect([...r.boundary.data]).toEqual([...xs.data]);
    expect([...r.distance]).toEqual([Infinity, Infinity]);
    expect(r.member).toEqual([null, null]);
    const big = await boundaryIntegratedGradients(stuck(), xs, { search: quick });
    expect([...big.attribution.data]).toEqual([0, 0, 0, 0]);
    expect([...big.delta]).toEqual([0, 0]);
  });

  it("'saliency': the ordinary saliency at x, still flagged", async () => {
    const r = await boundarySaliency(stuck(), xs, { search: quick, onNotFound: 'saliency' });
    expect([...r.found]).toEqual([0, 0]);
    expect([...r.attribution.data]).toEqual([1, -1, 1, -1]);
    const big = await boundaryIntegratedGradients(stuck(), xs, { search: quick, onNotFound: 'saliency' });
    expect([...big.attribution.data]).toEqual([1, -1, 1, -1]);
  });

  it("'throw': a BoundaryNotFoundError naming the samples", async () => {
    const e = await boundarySaliency(stuck(), xs, { search: quick, onNotFound: 'throw' }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(BoundaryNotFoundError);
    expect(AxplainError.isInstance(e)).toBe(true);
    expect((e as BoundaryNotFoundError).samples).toEqual([0, 1]);
    expect((e as Error).message).toMatch(/samples \[0, 1\].*search\.ladder/);
    await expect(boundaryIntegratedGradients(stuck(), xs, { search: quick, onNotFound: 'throw' })).rejects.toThrow(BoundaryNotFoundError);
    await expect(boundarySaliency(stuck(), xs, { onNotFound: 'nope' as never })).rejects.toThrow(/onNotFound: unknown policy 'nope'/);
  });

  it('widens the eps ladder once by default, per sample: near found, mid found by the widened rung, far not found', async () => {
    const model = new LinearModel([2], 2, Float32Array.of(1, 0, 0, 1));
    // L2 distances to x_0 = x_1: 0.0141, 0.0707, 0.566
    const batch: Tensor = { data: Float32Array.of(0.51, 0.49, 0.55, 0.45, 0.9, 0.1), shape: [3, 2] };
    const opts = { members: ['pgd'] as const, ladder: [0.05] };
    const r = await boundarySaliency(model, batch, { search: opts });
    expect([...r.found]).toEqual([1, 1, 0]);
    expect([...r.attribution.data]).toEqual([1, 0, 1, 0, 0, 0]);
    expect(r.member).toEqual(['pgd', 'pgd', null]);
    expect(r.distance[1]!).toBeGreaterThan(0.07);
    expect(r.distance[1]!).toBeLessThanOrEqual(0.1 + 1e-6);
    const noWiden = await boundarySaliency(model, batch, { search: { ...opts, widen: 0 } });
    expect([...noWiden.found]).toEqual([1, 0, 0]);
  });
});
