/**
 * The onnxruntime-node adapter on real and built models: the trained MNIST zoo model (batch fixed
 * to 1, so batches run sample by sample), a dynamic-batch tanh MLP with a plain-TypeScript
 * reference, SqueezeNet-style [N, C, 1, 1] logits and a fixed batch of 2 (padded), each against
 * closed forms or finite differences; then core's conformance suite on both real and built models.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { Rng, type Tensor } from '@axplain/core';
import { describeConformance } from '@axplain/core/testing';
import { encodeModel, ModelBuilder } from '@axplain/onnx';
import { loadModel } from '@axplain/node';
import * as ort from 'onnxruntime-node';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { relMaxDiff, runModel } from './support/run-model.js';
import { sharedDir } from './support/shared.js';

const zoo = sharedDir('node adapter on the MNIST zoo model', 'models/mnist-zoo');
const MNIST = zoo.file('mnist-8-opt.onnx');
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!; return s; };

/** One real MNIST test digit per class (pixels in [0, 1]), from the `mnist` package. */
function digits(): { x: Tensor; labels: number[] } {
  const require = createRequire(import.meta.url);
  const data = new Float32Array(10 * 784);
  for (let d = 0; d < 10; d++) data.set((require(`mnist/src/digits/${d}.json`) as { data: number[] }).data.slice(0, 784), d * 784);
  return { x: { data, shape: [10, 1, 28, 28] }, labels: [...Array(10).keys()] };
}

/** The original MNIST model run directly by onnxruntime, one sample at a time. */
async function mnistReference(x: Tensor): Promise<Tensor> {
  const bytes = readFileSync(MNIST);
  const n = x.shape[0]!;
  const out = new Float32Array(n * 10);
  for (let s = 0; s < n; s++) {
    const r = await runModel(bytes, { Input3: { data: x.data.slice(s * 784, (s + 1) * 784), dims: [1, 1, 28, 28] } }, 'cpu');
    out.set(r.Plus214_Output_0!, s * 10);
  }
  return { data: out, shape: [n, 10] };
}

/** Tanh MLP x [N, 2, 3] -> 6 -> 5 -> 4, seeded weights, with a float64 TypeScript reference. */
function mlp() {
  const rng = new Rng(5);
  const [w1, b1, w2, b2] = [rng.fillNormal(30, 0.6), rng.fillNormal(5, 0.1), rng.fillNormal(20, 0.6), rng.fillNormal(4, 0.1)];
  const b = new ModelBuilder({ opset: 13 });
  const x = b.node('Flatten', [b.input('x', ['N', 2, 3])], { axis: 1 });
  const h = b.node('Tanh', [b.node('Add', [b.node('MatMul', [x, b.initializer('w1', [6, 5], w1)]), b.initializer('b1', [5], b1)])]);
  b.output(b.node('Add', [b.node('MatMul', [h, b.initializer('w2', [5, 4], w2)]), b.initializer('b2', [4], b2)]));
  const forward = (xs: Float32Array, n: number) => {
    const hs = new Float64Array(n * 5);
    const z = new Float32Array(n * 4);
    for (let s = 0; s < n; s++) {
      for (let j = 0; j < 5; j++) { let a = b1[j]!; for (let i = 0; i < 6; i++) a += xs[s * 6 + i]! * w1[i * 5 + j]!; hs[s * 5 + j] = Math.tanh(a); }
      for (let k = 0; k < 4; k++) { let a = b2[k]!; for (let j = 0; j < 5; j++) a += hs[s * 5 + j]! * w2[j * 4 + k]!; z[s * 4 + k] = a; }
    }
    return { hs, z };
  };
  const vjp = (xs: Float32Array, ct: Float32Array, n: number) => {
    const { hs, z } = forward(xs, n);
    const g = new Float32Array(n * 6);
    for (let s = 0; s < n; s++)
      for (let i = 0; i < 6; i++) {
        let a = 0;
        for (let j = 0; j < 5; j++) {
          let dh = 0;
          for (let k = 0; k < 4; k++) dh += ct[s * 4 + k]! * w2[j * 4 + k]!;
          a += dh * (1 - hs[s * 5 + j]! ** 2) * w1[i * 5 + j]!;
        }
        g[s * 6 + i] = a;
      }
    return { z, g };
  };
  return { bytes: encodeModel(b.build()), forward, vjp };
}

/** SqueezeNet-style head: 1x1 Conv (3 -> 5 channels) then GlobalAveragePool: logits [N, 5, 1, 1]. */
function squeezeHead() {
  const rng = new Rng(9);
  const [w, bias] = [rng.fillNormal(15), rng.fillNormal(5)];
  const b = new ModelBuilder({ opset: 13 });
  const conv = b.node('Conv', [b.input('img', ['N', 3, 4, 4]), b.initializer('w', [5, 3, 1, 1], w), b.initializer('bias', [5], bias)]);
  b.output(b.node('GlobalAveragePool', [conv]));
  return { bytes: encodeModel(b.build()), w, bias };
}

/** logits = x W, batch axis fixed to 2, W[i, j] = i - j. */
function fixedBatch2(): Uint8Array {
  const b = new ModelBuilder({ opset: 13 });
  b.output(b.node('MatMul', [b.input('x', [2, 3]), b.initializer('w', [3, 2], [0, -1, 1, 0, 2, 1])]));
  return encodeModel(b.build());
}

/** Sessions' shared prototype (the factory type hides it), for spying on `run`. */
const sessionProto = (ort.InferenceSession as unknown as { prototype: ort.InferenceSession }).prototype;
type RunFeeds = Record<string, ort.Tensor>;

/** Batch sizes fed to every session run while `fn` runs. */
async function fedBatches(input: string, fn: () => Promise<unknown>): Promise<{ rows: number[]; feeds: string[][] }> {
  const spy = vi.spyOn(sessionProto, 'run');
  try {
    await fn();
    const feeds = spy.mock.calls.map((c) => Object.keys(c[0]));
    const rows = spy.mock.calls.map((c) => (c[0] as RunFeeds)[input]!.dims[0]!);
    return { rows, feeds };
  } finally {
    spy.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

zoo.describe('MNIST zoo model (trained, batch fixed to 1)', () => {
  it('reads its signature and classifies real digits, with the logits of the original model', async () => {
    const m = await loadModel(MNIST);
    expect([m.inputName, m.outputName, m.fixedBatch, m.classes, [...m.inputShape]]).toEqual(['Input3', 'Plus214_Output_0', 1, 10, [1, 28, 28]]);
    const { x, labels } = digits();
    const z = await m.logits(x);
    const pred = labels.map((_, s) => { const row = [...z.data.subarray(s * 10, s * 10 + 10)]; return row.indexOf(Math.max(...row)); });
    expect(pred).toEqual(labels);
    expect([...z.data]).toEqual([...(await mnistReference(x)).data]);
    await m.dispose();
  });

  it('runs a batch sample by sample, and gives what each sample gives alone', async () => {
    const m = await loadModel(MNIST);
    const { x } = digits();
    const ct = { data: new Rng(2).fillNormal(100), shape: [10, 10] };
    let batched!: Awaited<ReturnType<typeof m.vjp>>;
    const { rows } = await fedBatches('Input3', async () => { batched = await m.vjp(x, ct); });
    expect(rows).toEqual(Array(10).fill(1));
    for (const s of [0, 4, 9]) {
      const one = await m.vjp({ data: x.data.slice(s * 784, (s + 1) * 784), shape: [1, 1, 28, 28] }, { data: ct.data.slice(s * 10, s * 10 + 10), shape: [1, 10] });
      expect([...one.grad.data]).toEqual([...batched.grad.data.subarray(s * 784, (s + 1) * 784)]);
      expect([...one.logits.data]).toEqual([...batched.logits.data.subarray(s * 10, s * 10 + 10)]);
    }
    await m.dispose();
  });

  it('vjp of the true class matches central finite differences on real digits (plus 2% noise)', async () => {
    const m = await loadModel(MNIST);
    const { x: clean, labels } = digits();
    // Exact digits have flat backgrounds where MaxPool windows tie: the max is not differentiable
    // there (finite differences sit ~3% off any one-sided gradient). A little noise breaks the ties.
    const noise = new Rng(12);
    const x = { data: clean.data.map((v) => v + noise.uniform(0, 0.02)), shape: clean.shape };
    const ct = new Float32Array(100);
    labels.forEach((y, s) => { ct[s * 10 + y] = 1; });
    const { grad } = await m.vjp(x, { data: ct, shape: [10, 10] });
    const rng = new Rng(4);
    const errors: number[] = [];
    for (let k = 0; k < 3; k++) {
      // Directions along the gradient with half its coordinates masked: a random direction sees
      // only ~|g|/28 of it, under float32 noise.
      const v = grad.data.map((g) => (rng.next() < 0.5 ? g : 0));
      const nv = Math.sqrt(dot(v, v));
      v.forEach((_, i) => { v[i]! /= nv; });
      const analytic = dot(grad.data, v);
      let best = Infinity;
      for (const h of [1e-2, 3e-3, 1e-3]) {
        const f = async (sign: number) => dot(ct, (await m.logits({ data: x.data.map((xi, i) => xi + sign * h * v[i]!), shape: x.shape })).data);
        const fd = ((await f(1)) - (await f(-1))) / (2 * h);
        best = Math.min(best, Math.abs(fd - analytic) / Math.abs(analytic));
      }
      errors.push(best);
    }
    expect(Math.max(...errors)).toBeLessThan(1e-2);
    await m.dispose();
  });
});

describe('built models with closed forms', () => {
  it('tanh MLP (dynamic batch): logits and vjp equal the TypeScript reference', async () => {
    const net = mlp();
    const m = await loadModel(net.bytes);
    expect([m.fixedBatch, m.classes, [...m.inputShape]]).toEqual([undefined, 4, [2, 3]]);
    const x = new Rng(1).fillUniform(7 * 6, -1, 1);
    const ct = new Rng(2).fillNormal(7 * 4);
    const r = await m.vjp({ data: x, shape: [7, 2, 3] }, { data: ct, shape: [7, 4] });
    const ref = net.vjp(x, ct, 7);
    expect(relMaxDiff(ref.z, r.logits.data)).toBeLessThan(1e-5);
    expect(relMaxDiff(ref.g, r.grad.data)).toBeLessThan(1e-5);
    expect(r.grad.shape).toEqual([7, 2, 3]);
    await m.dispose();
  });

  it('maxBatch splits large batches and concatenates them', async () => {
    const net = mlp();
    const m = await loadModel(net.bytes, { maxBatch: 2 });
    const x = { data: new Rng(3).fillUniform(5 * 6, -1, 1), shape: [5, 2, 3] };
    const ct = { data: new Rng(4).fillNormal(20), shape: [5, 4] };
    let r!: Awaited<ReturnType<typeof m.vjp>>;
    let z!: Tensor;
    expect((await fedBatches('x', async () => { r = await m.vjp(x, ct); })).rows).toEqual([2, 2, 1]);
    expect((await fedBatches('x', async () => { z = await m.logits(x); })).rows).toEqual([2, 2, 1]);
    const ref = net.vjp(x.data, ct.data, 5);
    expect(relMaxDiff(ref.g, r.grad.data)).toBeLessThan(1e-5);
    expect(relMaxDiff(ref.z, z.data)).toBeLessThan(1e-5);
    const whole = await loadModel(net.bytes);
    expect((await fedBatches('x', () => whole.vjp(x, ct))).rows).toEqual([5]);
    await Promise.all([m.dispose(), whole.dispose()]);
  });

  it('separateForwardSession: false runs logits on the gradient graph with a zero cotangent, same numbers', async () => {
    const net = mlp();
    const m = await loadModel(net.bytes, { separateForwardSession: false });
    const x = { data: new Rng(6).fillUniform(12, -1, 1), shape: [2, 2, 3] };
    let z!: Tensor;
    const { feeds } = await fedBatches('x', async () => { z = await m.logits(x); });
    expect(feeds).toEqual([['x', m.gradientIo.cotangent]]);
    expect(relMaxDiff(net.forward(x.data, 2).z, z.data)).toBeLessThan(1e-5);
    const sep = await loadModel(net.bytes);
    expect((await fedBatches('x', () => sep.logits(x))).feeds).toEqual([['x']]);
    await Promise.all([m.dispose(), sep.dispose()]);
  });

  it('SqueezeNet-style [N, C, 1, 1] logits come out [N, C]; the cotangent goes in [N, C, 1, 1]', async () => {
    const { bytes, w, bias } = squeezeHead();
    const m = await loadModel(bytes);
    expect(m.classes).toBe(5);
    const x = { data: new Rng(7).fillUniform(2 * 48, 0, 1), shape: [2, 3, 4, 4] };
    const ct = { data: new Rng(8).fillNormal(10), shape: [2, 5] };
    const spy = vi.spyOn(sessionProto, 'run');
    const r = await m.vjp(x, ct);
    expect((spy.mock.calls[0]![0] as RunFeeds)[m.gradientIo.cotangent]!.dims).toEqual([2, 5, 1, 1]);
    spy.mockRestore();
    expect(r.logits.shape).toEqual([2, 5]);
    for (let n = 0; n < 2; n++) {
      // logits[n, c] = bias[c] + sum_k w[c, k] mean(x[n, k]); d/dx[n, k, h, w] = sum_c ct[n, c] w[c, k] / 16.
      const mean = [0, 1, 2].map((k) => x.data.subarray(n * 48 + k * 16, n * 48 + k * 16 + 16).reduce((a, v) => a + v, 0) / 16);
      for (let c = 0; c < 5; c++) expect(r.logits.data[n * 5 + c]).toBeCloseTo(bias[c]! + dot(w.subarray(c * 3, c * 3 + 3), mean), 5);
      for (let k = 0; k < 3; k++) {
        let e = 0;
        for (let c = 0; c < 5; c++) e += (ct.data[n * 5 + c]! * w[c * 3 + k]!) / 16;
        for (let p = 0; p < 16; p++) expect(r.grad.data[n * 48 + k * 16 + p]).toBeCloseTo(e, 6);
      }
    }
    await m.dispose();
  });

  it('a fixed batch of 2 runs two rows at a time, padding the last chunk with zeros', async () => {
    const m = await loadModel(fixedBatch2());
    expect(m.fixedBatch).toBe(2);
    const x = { data: Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]), shape: [3, 3] };
    const ct = { data: Float32Array.from([1, 0, 0, 1, 2, -1]), shape: [3, 2] };
    let r!: Awaited<ReturnType<typeof m.vjp>>;
    expect((await fedBatches('x', async () => { r = await m.vjp(x, ct); })).rows).toEqual([2, 2]);
    // W = [[0, -1], [1, 0], [2, 1]]: logits = x W; grad = ct W^T.
    expect([...r.logits.data]).toEqual([8, 2, 17, 2, 26, 2]);
    expect([...r.grad.data]).toEqual([0, 1, 2, -1, 0, 1, 1, 2, 3]);
    expect([...(await m.logits({ data: Float32Array.from([1, 0, 0]), shape: [1, 3] })).data]).toEqual([0, -1]);
    await m.dispose();
  });
});

const api = { describe, it, expect, afterAll };
describeConformance('loadModel(mnist-8-opt.onnx), CPU', () => loadModel(MNIST), { ...api, describe: zoo.describe }, { reference: mnistReference });
const net = mlp();
describeConformance('loadModel(tanh MLP, dynamic batch), CPU', () => loadModel(net.bytes, { maxBatch: 2 }), api, {
  reference: (x) => ({ data: net.forward(x.data, x.shape[0]!).z, shape: [x.shape[0]!, 4] }),
});
describeConformance('loadModel(SqueezeNet-style head), CPU', () => loadModel(squeezeHead().bytes), api);
