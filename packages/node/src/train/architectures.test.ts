import { Rng } from '@axplain/core';
import { buildLoss, compileLoss, crossEntropy, doubleBackprop, encodeModel, Graph, rightReasons, tensorValues } from '@axplain/onnx';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { gradCheck } from '../gradcheck.js';
import { type ArchitectureSpec, buildArchitecture, describeArchitecture, parseArchitecture } from './index.js';

const params = (m: ReturnType<typeof buildArchitecture>) => Object.fromEntries(m.graph!.initializer!.map((t) => [t.name!, t.dims!.map(Number)]));
const count = (m: ReturnType<typeof buildArchitecture>) => Object.values(params(m)).reduce((s, d) => s + d.reduce((a, b) => a * b, 1), 0);

async function run(spec: ArchitectureSpec, shape: [number, number, number], classes: number, n: number) {
  const m = buildArchitecture(spec, { inputShape: shape, classes, seed: 1 });
  const s = await ort.InferenceSession.create(encodeModel(m));
  const x = new Float32Array(n * shape[0] * shape[1] * shape[2]).map((_, i) => (i % 7) / 7);
  const out = await s.run({ input: new ort.Tensor('float32', x, [n, ...shape]) });
  await s.release();
  return { m, logits: out.logits! };
}

describe('architectures', () => {
  it('MLP: declared shapes, the parameters of the layers, the card description of models/mnist-mlp', async () => {
    const { m, logits } = await run({ kind: 'mlp', hidden: [128] }, [1, 28, 28], 10, 3);
    expect(logits.dims).toEqual([3, 10]);
    expect(params(m)).toEqual({ 'fc1.weight': [784, 128], 'fc1.bias': [128], 'out.weight': [128, 10], 'out.bias': [10] });
    const g = new Graph(m);
    expect(g.info('input').shape).toEqual(['N', 1, 28, 28]);
    expect(g.info('logits').shape).toEqual(['N', 10]);
    expect(describeArchitecture({ kind: 'mlp' }, [1, 28, 28], 10)).toBe('Flatten -> Gemm 784x128 -> Relu -> Gemm 128x10 (logits)');
    expect(tensorValues(m.graph!.initializer!.find((t) => t.name === 'fc1.bias')!)).toEqual(new Array(128).fill(0));
  });

  it('LeNet: conv 5x5 same + pool twice, then 16 x 7 x 7 features into 120 -> 84 -> classes', async () => {
    const { m, logits } = await run({ kind: 'lenet' }, [1, 28, 28], 10, 2);
    expect(logits.dims).toEqual([2, 10]);
    const p = params(m);
    expect(p['conv1.weight']).toEqual([6, 1, 5, 5]);
    expect(p['conv2.weight']).toEqual([16, 6, 5, 5]);
    expect(p['fc1.weight']).toEqual([16 * 7 * 7, 120]);
    expect(count(m)).toBe(6 * 25 + 6 + 16 * 6 * 25 + 16 + 784 * 120 + 120 + 120 * 84 + 84 + 84 * 10 + 10);
    // Odd sizes floor at each pool: 3 x 30 x 30 -> 15 -> 7.
    const rgb = await run({ kind: 'lenet', channels: [4, 8], hidden: [16] }, [3, 30, 30], 5, 1);
    expect(rgb.logits.dims).toEqual([1, 5]);
    expect(params(rgb.m)['fc1.weight']).toEqual([8 * 7 * 7, 16]);
  });

  it('ResNet: BN-free blocks whose last convolution starts at zero, a strided projection per stage', async () => {
    const { m, logits } = await run({ kind: 'resnet', width: 4, blocks: [2, 1] }, [1, 16, 16], 3, 2);
    expect(logits.dims).toEqual([2, 3]);
    const p = params(m);
    expect(p['stage2.block1.shortcut.weight']).toEqual([8, 4, 1, 1]);
    expect(p['stage1.block1.shortcut.weight']).toBeUndefined();
    expect(p['out.weight']).toEqual([8, 3]);
    expect(m.graph!.node!.some((n) => n.opType === 'BatchNormalization')).toBe(false);
    for (const name of ['stage1.block1.conv2.weight', 'stage1.block2.conv2.weight', 'stage2.block1.conv2.weight'])
      expect(tensorValues(m.graph!.initializer!.find((t) => t.name === name)!).every((v) => v === 0), name).toBe(true);
    expect(tensorValues(m.graph!.initializer!.find((t) => t.name === 'stage1.block1.conv1.weight')!).some((v) => v !== 0)).toBe(true);
  });

  it('the same (spec, seed) gives the same bytes; another seed other weights', () => {
    const o = { inputShape: [1, 12, 12], classes: 4 } as const;
    const a = encodeModel(buildArchitecture({ kind: 'lenet' }, { ...o, seed: 5 }));
    expect(encodeModel(buildArchitecture({ kind: 'lenet' }, { ...o, seed: 5 }))).toEqual(a);
    expect(encodeModel(buildArchitecture({ kind: 'lenet' }, { ...o, seed: 6 }))).not.toEqual(a);
  });

  it('every architecture compiles into a second-order training graph whose parameter gradients pass finite differences', async () => {
    for (const spec of [{ kind: 'mlp', hidden: [6] }, { kind: 'lenet', channels: [2, 3], hidden: [5] }, { kind: 'resnet', width: 2, blocks: [1, 1] }] as ArchitectureSpec[]) {
      const m = buildArchitecture(spec, { inputShape: [1, 8, 8], classes: 3, seed: 2 });
      const lg = buildLoss(m, { terms: [crossEntropy(), rightReasons(2), doubleBackprop(0.5)] });
      const tg = compileLoss(lg);
      const g = new Graph(tg.model);
      for (const p of tg.params) expect(g.info(tg.grads[p.name]!).shape, `${spec.kind} ${p.name}`).toEqual(p.shape);
      // At initialisation a zero residual branch puts Relu(0 + relu(h)) exactly on its kink wherever h = 0,
      // where finite differences see one-sided slopes: check at a generic point near it instead.
      const rng = new Rng(3);
      const feeds: Record<string, Float32Array> = Object.fromEntries(lg.params.map((p) => [p.name, p.values.map((v) => v + 0.05 * rng.normal())]));
      feeds.labels = Float32Array.from({ length: 6 }, (_, i) => (i === 1 || i === 5 ? 1 : 0));
      feeds.mask = Float32Array.from({ length: 128 }, (_, i) => (i % 64 < 8 ? 1 : 0));
      feeds.input = Float32Array.from({ length: 128 }, (_, i) => ((i * 37) % 101) / 101);
      const report = await gradCheck(encodeModel(lg.model), { wrt: lg.params.map((p) => p.name), of: lg.loss, feeds, dims: { N: 2 }, direction: 'gradient', directions: 2, seed: 1 });
      // Along the full gradient the relative error is tight; along the second (half-masked) direction a
      // projection can be small, so its error is measured against the gradient's norm.
      for (const w of report.perWrt) {
        expect(w.checks[0]!.relError, `${spec.kind} ${w.name}`).toBeLessThan(1e-2);
        for (const c of w.checks) expect(Math.abs(c.analytic - c.numeric) / w.gradNorm, `${spec.kind} ${w.name}`).toBeLessThan(1e-2);
      }
    }
  });

  it('parses CLI specs and rejects bad ones with the choices', () => {
    expect(parseArchitecture('mlp')).toEqual({ kind: 'mlp' });
    expect(parseArchitecture('mlp:256,128')).toEqual({ kind: 'mlp', hidden: [256, 128] });
    expect(parseArchitecture('lenet:6,16,120,84')).toEqual({ kind: 'lenet', channels: [6, 16], hidden: [120, 84] });
    expect(parseArchitecture('resnet:16x2,2')).toEqual({ kind: 'resnet', width: 16, blocks: [2, 2] });
    expect(() => parseArchitecture('vgg')).toThrow(/unknown 'vgg'; choose one of mlp, lenet, resnet/);
    expect(() => parseArchitecture('mlp:12,x')).toThrow(/'x' is not a whole number/);
    expect(() => buildArchitecture({ kind: 'mlp', hidden: [0] }, { inputShape: [1, 4, 4], classes: 2 })).toThrow(/spec.hidden: expected a list of integers >= 1/);
    expect(() => buildArchitecture({ kind: 'lenet' }, { inputShape: [1, 3, 3], classes: 2 })).toThrow(/at least 4x4/);
    expect(() => buildArchitecture({ kind: 'mlp' }, { inputShape: [784], classes: 10 })).toThrow(/inputShape: expected \[C, H, W\]/);
  });
});
