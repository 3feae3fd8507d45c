import { describe, expect, it } from 'vitest';
import { AxplainError, ShapeMismatchError, TargetError } from '../errors.js';
import { Rng } from '../rng.js';
import { LinearModel, ReluModel } from '../testing/linear-model.js';
import { concatBatch, sliceBatch, type Tensor } from '../tensor.js';
import { gradientXInput } from './gradient-x-input.js';
import { saliency } from './saliency.js';

const rng = new Rng(21);
const D = 6, C = 4, N = 5;
const W = rng.fillNormal(C * D);
const linear = () => new LinearModel([2, 3], C, W, rng.fillNormal(C));
const x: Tensor = { data: rng.fillNormal(N * D), shape: [N, 2, 3] };
const row = (y: number) => [...W.subarray(y * D, (y + 1) * D)];
const relu = () => new ReluModel([D], 3, new Rng(1).fillNormal(10 * D), new Rng(2).fillNormal(10, 0.5), new Rng(3).fillNormal(30));
const xr: Tensor = { data: x.data, shape: [N, D] };

describe('saliency', () => {
  it('is row y of W on a linear model, signed, and |W_y| with abs', async () => {
    const targets = [0, 3, 1, 2, 3];
    const r = await saliency(linear(), x, { target: targets });
    expect([...r.targets]).toEqual(targets);
    expect([...r.attribution.shape]).toEqual([N, 2, 3]);
    for (let n = 0; n < N; n++) expect([...r.attribution.data.subarray(n * D, (n + 1) * D)]).toEqual(row(targets[n]!));
    const a = await saliency(linear(), x, { target: 2, abs: true });
    expect([...a.attribution.data.subarray(0, D)]).toEqual(row(2).map(Math.abs));
    expect(row(2).some((v) => v < 0)).toBe(true); // so abs is observable
  });
  it("'predicted' explains the argmax and costs one logits pass", async () => {
    const m = linear();
    const z = await m.logits(x);
    const r = await saliency(m, x);
    for (let n = 0; n < N; n++) {
      const zr = [...z.data.subarray(n * C, (n + 1) * C)];
      expect(r.targets[n]).toBe(zr.indexOf(Math.max(...zr)));
    }
    expect(m.calls.logits).toBe(2);
    expect(m.calls.vjp).toBe(1);
  });
  it('a batch equals its samples one by one; internalBatchSize changes only the call count', async () => {
    const whole = await saliency(relu(), xr, { target: 1 });
    const parts = await Promise.all([0, 1, 2, 3, 4].map((n) => saliency(relu(), sliceBatch(xr, n, n + 1), { target: 1 })));
    expect([...concatBatch(parts.map((p) => p.attribution)).data]).toEqual([...whole.attribution.data]);
    for (const ibs of [1, 2, 5, 64]) {
      const m = relu();
      const r = await saliency(m, xr, { internalBatchSize: ibs });
      expect([...r.attribution.data]).toEqual([...(await saliency(relu(), xr)).attribution.data]);
      expect(m.calls).toEqual({ logits: Math.ceil(N / ibs), vjp: Math.ceil(N / ibs), samples: 2 * N });
    }
  });
});

describe('gradientXInput', () => {
  it('is W_y * x on a linear model', async () => {
    const r = await gradientXInput(linear(), x, { target: 3 });
    for (let i = 0; i < N * D; i++) expect(r.attribution.data[i]).toBe(Math.fround(W[3 * D + (i % D)]! * x.data[i]!));
  });
  it('sums to f_y(x) - f_y(0) on a linear model (completeness with a zero baseline)', async () => {
    const m = linear();
    const r = await gradientXInput(m, x, { target: 1 });
    const z = await m.logits(x);
    const z0 = await m.logits({ data: new Float32Array(N * D), shape: [N, 2, 3] });
    for (let n = 0; n < N; n++) {
      const s = r.attribution.data.subarray(n * D, (n + 1) * D).reduce((a, b) => a + b, 0);
      expect(s).toBeCloseTo(z.data[n * C + 1]! - z0.data[n * C + 1]!, 4);
    }
  });
});

describe('argument errors (shared by every method)', () => {
  it('rejects a class that is not an index, a wrong number of targets, a wrong shape', async () => {
    await expect(saliency(linear(), x, { target: 4 })).rejects.toThrow(TargetError);
    await expect(saliency(linear(), x, { target: 4 })).rejects.toThrow(/class 4 .*0\.\.3/);
    await expect(gradientXInput(linear(), x, { target: [0, 1] })).rejects.toThrow(/2 classes given for a batch of 5/);
    const bad = { data: new Float32Array(N * 7), shape: [N, 7] };
    const e = await saliency(linear(), bad).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ShapeMismatchError);
    expect(AxplainError.isInstance(e)).toBe(true);
    expect((e as Error).message).toMatch(/expected shape \[N, 2, 3\], got \[5, 7\]/);
    await expect(saliency(linear(), { data: new Float32Array(0), shape: [0, 2, 3] })).rejects.toThrow(/empty/);
    await expect(saliency(linear(), x, { internalBatchSize: 0 })).rejects.toThrow(/internalBatchSize: must be an integer >= 1, got 0/);
  });
  it('stops before the first model call when aborted', async () => {
    const m = linear();
    const ac = new AbortController();
    ac.abort();
    await expect(saliency(m, x, { target: 0, signal: ac.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(m.calls.vjp).toBe(0);
  });
});
