import { crossEntropy, type ParamValues, Rng, type Tensor } from '@axplain/core';
import { describeConformance } from '@axplain/core/testing';
import { encodeModel, tensorValues, withParameters } from '@axplain/onnx';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel } from '../model/load-model.js';
import { buildArchitecture, crossEntropyGradientOf, oneHotRows, ParameterModel } from './index.js';

const lenet = () => buildArchitecture({ kind: 'lenet', channels: [3, 4], hidden: [12] }, { inputShape: [1, 12, 12], classes: 5, seed: 4 });
const valuesOf = (m: ReturnType<typeof lenet>): ParamValues =>
  Object.fromEntries(m.graph!.initializer!.map((t) => [t.name!, Float32Array.from(tensorValues(t))]));
const input = (n: number, seed: number): Tensor => ({ data: new Rng(seed).fillUniform(n * 144, 0, 1), shape: [n, 1, 12, 12] });
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
const maxAbs = (a: ArrayLike<number>) => Array.from(a).reduce((m, v) => Math.max(m, Math.abs(v)), 0);

describeConformance('ParameterModel(LeNet)', () => { const m = lenet(); return new ParameterModel(m, valuesOf(m)); }, { describe, it, expect, afterAll });

describe('ParameterModel', () => {
  it('reads the live arrays: after a change it agrees with loadModel on a model written with those values', async () => {
    const m = lenet();
    const params = valuesOf(m);
    const live = new ParameterModel(m, params, { maxBatch: 4 });
    const x = input(9, 1); // 3 chunks of at most 4
    const z0 = await live.logits(x);
    for (const v of Object.values(params)) for (let i = 0; i < v.length; i++) v[i] = v[i]! * 1.5 + 0.01;
    const z1 = await live.logits(x);
    expect(maxDiff(z0.data, z1.data)).toBeGreaterThan(0.1);
    const ref = await loadModel(encodeModel(withParameters(m, params)));
    const cot = { data: new Rng(2).fillNormal(9 * 5), shape: [9, 5] };
    const [a, b] = [await live.vjp(x, cot), await ref.vjp(x, cot)];
    expect(maxDiff(a.logits.data, (await ref.logits(x)).data) / maxAbs(a.logits.data)).toBeLessThan(1e-5);
    expect(maxDiff(a.grad.data, b.grad.data) / maxAbs(b.grad.data)).toBeLessThan(1e-5);
    expect(maxDiff(z1.data, a.logits.data)).toBe(0);
    await ref.dispose();
    await live.dispose();
  });

  it('crossEntropyGradient (one fused run) equals the vjp with softmax - onehot', async () => {
    const m = lenet();
    const live = new ParameterModel(m, valuesOf(m));
    const x = input(6, 3);
    const y = Int32Array.of(0, 1, 2, 3, 4, 0);
    const fused = await live.crossEntropyGradient(x, y);
    const twoRuns = await crossEntropyGradientOf(live)(x, y);
    expect(maxDiff(fused.grad.data, twoRuns.grad.data) / maxAbs(twoRuns.grad.data)).toBeLessThan(1e-5);
    // The fused graph's loss is the summed CE: the gradient of sample 0 alone is unchanged by the others.
    const one = await live.crossEntropyGradient({ data: x.data.slice(0, 144), shape: [1, 1, 12, 12] }, y.subarray(0, 1));
    expect(maxDiff(one.grad.data, fused.grad.data.subarray(0, 144)) / maxAbs(one.grad.data)).toBeLessThan(1e-5);
    expect(crossEntropy(fused.logits, y).value.every((v) => v > 0)).toBe(true);
    await live.dispose();
  });

  it('rejects wrong parameter sizes and inputs with shape errors', async () => {
    const m = lenet();
    const params = valuesOf(m);
    expect(() => new ParameterModel(m, { ...params, 'out.bias': new Float32Array(3) })).toThrow(/params.out.bias: 3 values for initializer 'out.bias' of shape \[5\]/);
    const live = new ParameterModel(m, params);
    await expect(live.logits({ data: new Float32Array(28 * 28), shape: [1, 1, 28, 28] })).rejects.toThrow(/x: expected shape \[N, 1, 12, 12\], got \[1, 1, 28, 28\]/);
    await expect(live.crossEntropyGradient(input(2, 0), Int32Array.of(1))).rejects.toThrow(/y: 1 labels for a batch of 2/);
    await live.dispose();
    expect(oneHotRows(Int32Array.of(2, 0), 3)).toEqual(Float32Array.of(0, 0, 1, 1, 0, 0));
  });
});
