import { compile, encodeModel, type ModelProto } from '@axplain/onnx';
import { Rng } from '@axplain/node';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { buildCase, type OpCase } from '../support/op-case.js';
import { relMaxDiff, runModel } from '../support/run-model.js';
import { webgpu } from '../support/webgpu.js';
import { POOL_CASES } from './cases/pool.js';

/**
 * The MaxPool gradient forms: 'default' (models below opset 16 re-versioned to 16: MaxPool's
 * Indices and one scatter-add), 'model opset' (kept at the model's opset: groups of scatters from
 * opset 9, the mask form before it or past 16 groups), 'portable' (window masks folded by a Conv).
 */
type Form = 'default' | 'model opset' | 'portable';
const compileAs = (model: ModelProto, wrt: string[], form: Form) =>
  compile(model, { wrt, portable: form === 'portable' }, { keepOpset: form === 'model opset' });

/** Runs the compiled gradient model once: forward output, its cotangent and the input gradient. */
async function runGrad(c: OpCase, cotangent: (n: number) => Float32Array, form: Form = 'default') {
  const { model, wrt, feeds, shapes } = buildCase(c);
  const res = compileAs(model, wrt, form);
  const sess = await ort.InferenceSession.create(encodeModel(res.model), { graphOptimizationLevel: 'disabled' });
  try {
    const x = new ort.Tensor('float32', feeds.in0!, shapes.in0!);
    // The original model gives the output (and so the cotangent's shape).
    const plain = await ort.InferenceSession.create(encodeModel(model), { graphOptimizationLevel: 'disabled' });
    const y = (await plain.run({ in0: x }))[res.of]!;
    await plain.release();
    const yDims = [...y.dims];
    const g = cotangent(yDims.reduce((a, b) => a * b, 1));
    const out = await sess.run({ in0: x, [res.cotangentInput]: new ort.Tensor('float32', g, yDims) });
    return { x: feeds.in0!, xDims: shapes.in0!, y: y.data as Float32Array, yDims, g, dx: out[res.gradOutputs[0]!]!.data as Float32Array };
  } finally {
    await sess.release();
  }
}

const strides = (dims: number[]): number[] => dims.map((_, i) => dims.slice(i + 1).reduce((a, b) => a * b, 1));
const unravel = (k: number, dims: number[]): number[] => dims.map((d, i) => Math.floor(k / strides(dims)[i]!) % d);

/**
 * Reference first-max subgradient of an N-D MaxPool: each window's cotangent goes to the first
 * in-bounds position (row-major tap order) holding the window's maximum.
 */
function firstMaxGrad(x: Float32Array, xDims: number[], y: Float32Array, yDims: number[], g: Float32Array, a: {
  kernel: number[]; strides?: number[]; pads?: number[]; dilations?: number[];
}): Float32Array {
  const s = a.strides ?? a.kernel.map(() => 1);
  const d = a.dilations ?? a.kernel.map(() => 1);
  const p = a.pads ?? a.kernel.map(() => 0).concat(a.kernel.map(() => 0));
  const dx = new Float32Array(x.length);
  const xs = strides(xDims);
  const K = a.kernel.reduce((u, v) => u * v, 1);
  for (let k = 0; k < y.length; k++) {
    const o = unravel(k, yDims);
    let best = -1;
    let bestV = -Infinity;
    for (let t = 0; t < K; t++) {
      const tap = unravel(t, a.kernel);
      const pos = tap.map((j, i) => o[i + 2]! * s[i]! - p[i]! + j * d[i]!);
      if (pos.some((q, i) => q < 0 || q >= xDims[i + 2]!)) continue;
      const flat = o[0]! * xs[0]! + o[1]! * xs[1]! + pos.reduce((acc, q, i) => acc + q * xs[i + 2]!, 0);
      if (x[flat]! > bestV) { bestV = x[flat]!; best = flat; }
    }
    expect(bestV).toBe(y[k]); // the reference window scan agrees with onnxruntime's forward
    dx[best] = dx[best]! + g[k]!;
  }
  return dx;
}

/** Small integers: many ties inside and across windows. */
const tied = (n: number, levels: number, seed: number): number[] => {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => Math.floor(rng.next() * levels));
};
const ones = (n: number): Float32Array => new Float32Array(n).fill(1);
const normals = (seed: number) => (n: number): Float32Array => new Rng(seed).fillNormal(n);

/** Op types of a compiled gradient graph's nodes, and its default-domain opset. */
const gradOps = (c: OpCase, form: Form): { ops: Set<string>; opset: number } => {
  const { model, wrt } = buildCase(c);
  const res = compileAs(model, wrt, form).model;
  return {
    ops: new Set(res.graph!.node!.filter((n) => n.name!.startsWith('axplain_grad')).map((n) => n.opType!)),
    opset: Number(res.opsetImport!.find((o) => !o.domain)!.version),
  };
};

describe.each<Form>(['default', 'model opset', 'portable'])('MaxPool ties: first-max subgradient (%s form)', (form) => {
  const rows: { name: string; opset: number; shape: number[]; attrs: { kernel_shape: number[]; strides?: number[]; pads?: number[]; dilations?: number[]; ceil_mode?: number }; values: (n: number) => number[] }[] = [
    { name: '3x3 s2 pads 1 overlapping, values in {0,1,2}', opset: 12, shape: [2, 2, 7, 7], attrs: { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] }, values: (n) => tied(n, 3, 5) },
    { name: '2x2/2 opset 8, constant input', opset: 8, shape: [1, 2, 4, 4], attrs: { kernel_shape: [2, 2], strides: [2, 2] }, values: (n) => new Array<number>(n).fill(0.5) },
    { name: '2x2/2 tiling (SpaceToDepth taps), opset 13, values in {0,1}', opset: 13, shape: [2, 3, 6, 8], attrs: { kernel_shape: [2, 2], strides: [2, 2] }, values: (n) => tied(n, 2, 15) },
    { name: '3x3/3 tiling with pads, values in {0,1,2}', opset: 12, shape: [1, 2, 8, 7], attrs: { kernel_shape: [3, 3], strides: [3, 3], pads: [1, 0, 0, 2] }, values: (n) => tied(n, 3, 17) },
    { name: '3x3 s2 opset 7, constant input (every overlap tied)', opset: 7, shape: [1, 1, 7, 7], attrs: { kernel_shape: [3, 3], strides: [2, 2] }, values: (n) => new Array<number>(n).fill(-2) },
    { name: 'ceil_mode + dilations, values in {0,1}', opset: 11, shape: [1, 2, 9, 8], attrs: { kernel_shape: [2, 3], strides: [2, 2], dilations: [2, 1], ceil_mode: 1 }, values: (n) => tied(n, 2, 7) },
    { name: 'default strides (1), negative ties', opset: 9, shape: [1, 1, 5, 5], attrs: { kernel_shape: [2, 2] }, values: (n) => tied(n, 2, 9).map((v) => -v - 1) },
    { name: '1-D k3 s1 pads', opset: 12, shape: [2, 2, 9], attrs: { kernel_shape: [3], pads: [1, 2] }, values: (n) => tied(n, 2, 11) },
    { name: '3-D overlapping', opset: 12, shape: [1, 1, 4, 5, 4], attrs: { kernel_shape: [2, 3, 2], strides: [1, 2, 1] }, values: (n) => tied(n, 2, 13) },
    { name: '3x3 s2 pads 1 opset 16 (one scatter with add), values in {0,1,2}', opset: 16, shape: [2, 2, 7, 7], attrs: { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] }, values: (n) => tied(n, 3, 19) },
    { name: '3x3 s1 pads 1 opset 9 (9 scatter groups), values in {0,1,2}', opset: 9, shape: [1, 3, 6, 5], attrs: { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }, values: (n) => tied(n, 3, 21) },
    { name: '5x5 s1 opset 12 (25 groups: the mask form)', opset: 12, shape: [1, 2, 7, 7], attrs: { kernel_shape: [5, 5] }, values: (n) => tied(n, 3, 23) },
  ];
  for (const row of rows)
    it(row.name, async () => {
      const n = row.shape.reduce((a, b) => a * b, 1);
      const c: OpCase = { name: row.name, op: 'MaxPool', opset: row.opset, attrs: row.attrs, inputs: [{ shape: row.shape, values: row.values(n) }] };
      for (const ct of [ones, normals(3)]) {
        const r = await runGrad(c, ct, form);
        const want = firstMaxGrad(r.x, r.xDims, r.y, r.yDims, r.g, {
          kernel: row.attrs.kernel_shape, strides: row.attrs.strides, pads: row.attrs.pads, dilations: row.attrs.dilations,
        });
        // + 0 turns the -0 of G * 0 (the Mul form of Where before opset 9) into 0.
        expect(Array.from(r.dx).map((v) => Math.round(v * 1e4) / 1e4 + 0)).toEqual(Array.from(want).map((v) => Math.round(v * 1e4) / 1e4));
        // Each window's cotangent lands exactly once.
        const sum = (a: Float32Array) => a.reduce((u, v) => u + v, 0);
        expect(sum(r.dx)).toBeCloseTo(sum(r.g), 3);
      }
      // The form taken: one scatter-add at opset 16 by default, groups of scatters at the model's
      // opset where the indices form applies, none in the portable graph.
      const { ops, opset } = gradOps(c, form);
      const scatters = [...ops].filter((op) => op.startsWith('Scatter')).length > 0;
      if (form === 'default') expect([scatters, opset]).toEqual([true, 16]);
      else expect([scatters, opset]).toEqual([form === 'model opset' && row.opset >= 9 && !row.name.includes('mask form'), row.opset]);
    });
});

describe('GlobalMaxPool ties: first-max subgradient', () => {
  for (const opset of [8, 13])
    it(`opset ${opset}, values in {0,1}`, async () => {
      const shape = [2, 3, 3, 4];
      const c: OpCase = { name: 'gmp', op: 'GlobalMaxPool', opset, inputs: [{ shape, values: tied(72, 2, 17) }] };
      const r = await runGrad(c, normals(5));
      const want = new Float32Array(72);
      for (let nc = 0; nc < 6; nc++) {
        const win = Array.from(r.x.subarray(nc * 12, nc * 12 + 12));
        want[nc * 12 + win.indexOf(Math.max(...win))] = r.g[nc]!;
      }
      // + 0 turns the -0 of G * 0 (the Mul form of Where before opset 9) into 0.
      expect(Array.from(r.dx, (v) => v + 0)).toEqual(Array.from(want));
    });
});

// A few rows beyond test/webgpu.test.ts's first-row-per-op: even tap counts, old opsets, and the
// 3-D folds (the WebGPU EP's ConvTranspose is 1-D/2-D only).
const gpu = await webgpu('pool family on the WebGPU EP');
gpu.describe('pool family on the WebGPU EP (SwiftShader) matches the CPU EP', () => {
  const names = ['MaxPool 2x2/2 opset 8 (MNIST first pool)', 'MaxPool 3-D', 'MaxPool dilations 2', 'AveragePool 3-D', 'LpPool p=2 3-D'];
  for (const name of names)
    it(name, async () => {
      const c = POOL_CASES.find((k) => k.name === name)!;
      const { model, wrt, feeds, shapes } = buildCase(c);
      const res = compile(model, { wrt, portable: true });
      const sess = await ort.InferenceSession.create(encodeModel(model));
      const y = (await sess.run({ in0: new ort.Tensor('float32', feeds.in0!, shapes.in0!) }))[res.of]!;
      await sess.release();
      const dims = [...y.dims];
      const all = { in0: { data: feeds.in0!, dims: shapes.in0! }, [res.cotangentInput]: { data: new Rng(3).fillNormal(y.size), dims } };
      const a = await runModel(res.model, all, 'cpu');
      const b = await runModel(res.model, all, 'webgpu');
      const gname = res.gradOutputs[0]!;
      expect(Math.hypot(...a[gname]!)).toBeGreaterThan(0);
      expect(relMaxDiff(a[gname]!, b[gname]!)).toBeLessThan(1e-5);
    });
});
