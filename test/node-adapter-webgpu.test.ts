/**
 * The onnxruntime-node adapter on the WebGPU EP (SwiftShader's software Vulkan on machines
 * without a GPU): the same logits and gradients as the CPU EP within 1e-3 relative, on the
 * trained MNIST zoo model and on a built dynamic-batch model, with the kernels really placed on
 * WebGPU. Skipped with a logged reason when no WebGPU adapter can start.
 */
import { Rng, type Tensor } from '@axplain/core';
import { describeConformance } from '@axplain/core/testing';
import { encodeModel, ModelBuilder } from '@axplain/onnx';
import { loadModel, type OnnxGradientModel } from '@axplain/node';
import { afterAll, expect, it } from 'vitest';
import { relMaxDiff } from './support/run-model.js';
import { sharedDir } from './support/shared.js';
import { webgpu } from './support/webgpu.js';

const gpu = await webgpu('loadModel on the WebGPU EP');
const zoo = sharedDir('the MNIST zoo model on the WebGPU EP', 'models/mnist-zoo');
const MNIST = zoo.file('mnist-8-opt.onnx');

/** Tanh MLP x [N, 8] -> 16 -> 5 with seeded weights (dynamic batch). */
function mlp(): Uint8Array {
  const rng = new Rng(21);
  const b = new ModelBuilder({ opset: 13 });
  const h = b.node('Tanh', [b.node('Add', [b.node('MatMul', [b.input('x', ['N', 8]), b.initializer('w1', [8, 16], rng.fillNormal(128, 0.5))]), b.initializer('b1', [16], rng.fillNormal(16, 0.1))])]);
  b.output(b.node('Add', [b.node('MatMul', [h, b.initializer('w2', [16, 5], rng.fillNormal(80, 0.5))]), b.initializer('b2', [5], rng.fillNormal(5, 0.1))]));
  return encodeModel(b.build());
}


async function compare(path: string | Uint8Array, x: Tensor, ct: Tensor) {
  const cpu = await loadModel(path, { executionProviders: ['cpu'] });
  const gpu = await loadModel(path, { executionProviders: ['webgpu', 'cpu'], reportPlacement: true });
  try {
    const a = await cpu.vjp(x, ct);
    const b = await gpu.vjp(x, ct);
    const z = await gpu.logits(x);
    return {
      gpu, logits: relMaxDiff(a.logits.data, b.logits.data), grad: relMaxDiff(a.grad.data, b.grad.data),
      forward: relMaxDiff(a.logits.data, z.data), gradNorm: Math.hypot(...a.grad.data),
    };
  } finally {
    await Promise.all([cpu.dispose(), gpu.dispose()]);
  }
}

const expectOnWebGpu = (m: OnnxGradientModel) => {
  expect(m.executionProvider).toBe('webgpu');
  expect(m.fallbacks).toEqual([]);
  // Most kernels run on WebGPU; onnxruntime may keep a few (shape plumbing) on the CPU.
  const total = Object.values(m.placement!).reduce((a, b) => a + b, 0);
  expect(m.placement!.WebGpuExecutionProvider! / total).toBeGreaterThan(0.8);
};

gpu.describe('loadModel on the WebGPU EP matches the CPU EP', () => {
  zoo.it('MNIST zoo model: logits and input gradients within 1e-3 relative, batch of 3 run sample by sample', async () => {
    const x = { data: new Rng(3).fillUniform(3 * 784, 0, 1), shape: [3, 1, 28, 28] };
    const ct = { data: new Rng(4).fillNormal(30), shape: [3, 10] };
    const r = await compare(MNIST, x, ct);
    expectOnWebGpu(r.gpu);
    expect(r.gradNorm).toBeGreaterThan(0);
    expect(r.logits).toBeLessThan(1e-3);
    expect(r.grad).toBeLessThan(1e-3);
    expect(r.forward).toBeLessThan(1e-3);
  }, 300_000);

  it('dynamic-batch MLP: logits and gradients within 1e-3 relative, split by maxBatch', async () => {
    const x = { data: new Rng(5).fillUniform(6 * 8, -1, 1), shape: [6, 8] };
    const ct = { data: new Rng(6).fillNormal(30), shape: [6, 5] };
    const r = await compare(mlp(), x, ct);
    expectOnWebGpu(r.gpu);
    expect(r.logits).toBeLessThan(1e-3);
    expect(r.grad).toBeLessThan(1e-3);
    const split = await loadModel(mlp(), { executionProviders: ['webgpu'], maxBatch: 4 });
    const cpu = await loadModel(mlp());
    expect(relMaxDiff((await cpu.vjp(x, ct)).grad.data, (await split.vjp(x, ct)).grad.data)).toBeLessThan(1e-3);
    await Promise.all([split.dispose(), cpu.dispose()]);
  }, 300_000);
});

describeConformance('loadModel(MLP), WebGPU', () => loadModel(mlp(), { executionProviders: ['webgpu'] }), { describe: gpu.describe, it, expect, afterAll }, {
  // GPU reductions may sum in another order than the CPU: logits compared across batches get 1e-3.
  tolerance: { exact: 1e-3, linearity: 1e-3 },
  timeout: 300_000,
});
