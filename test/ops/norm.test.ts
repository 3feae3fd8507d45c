import { compile, encodeModel, type ModelProto, valueInfo } from '@axplain/onnx';
import { Rng } from '@axplain/node';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { buildCase, type OpCase } from '../support/op-case.js';

/** LRN straight from the ONNX definition, in float64: window [c - floor((size-1)/2), c + ceil((size-1)/2)]. */
function lrnRef(x: ArrayLike<number>, [n, ch, ...sp]: number[], size: number, alpha: number, beta: number, bias: number): Float64Array {
  const inner = sp.reduce((a, b) => a * b, 1);
  const lo = Math.floor((size - 1) / 2);
  const hi = size - 1 - lo;
  const y = new Float64Array(x.length);
  for (let b = 0; b < n!; b++)
    for (let c = 0; c < ch!; c++)
      for (let s = 0; s < inner; s++) {
        let sq = 0;
        for (let k = Math.max(0, c - lo); k <= Math.min(ch! - 1, c + hi); k++) sq += x[(b * ch! + k) * inner + s]! ** 2;
        const i = (b * ch! + c) * inner + s;
        y[i] = x[i]! / (bias + (alpha / size) * sq) ** beta;
      }
  return y;
}

/**
 * onnxruntime's CPU LRN refuses even sizes, so the compiled model's LRN node is cut out and its
 * output Y fed from the reference; the gradient is compared element by element with float64
 * central differences of the reference.
 */
async function lrnAgainstReference(c: OpCase): Promise<number> {
  const { model, feeds } = buildCase(c);
  const size = c.attrs!.size as number;
  const f = (k: string, d: number): number => (c.attrs![k] as { f: number } | undefined)?.f ?? d;
  const [alpha, beta, bias] = [f('alpha', 1e-4), f('beta', 0.75), f('bias', 1)];
  const shape = c.inputs[0]!.shape;
  const res = compile(model);
  const m: ModelProto = res.model;
  const gr = m.graph!;
  const lrn = gr.node!.find((n) => n.opType === 'LRN')!;
  const [xName, yName] = [lrn.input![0]!, lrn.output![0]!];
  gr.node = gr.node!.filter((n) => n !== lrn);
  gr.output = gr.output!.filter((o) => o.name !== yName);
  gr.input = [...gr.input!, valueInfo(yName, 1, shape)];
  const x = feeds[xName]!;
  const ct = new Rng(7).fillNormal(x.length);
  const sess = await ort.InferenceSession.create(encodeModel(m), { graphOptimizationLevel: 'disabled' });
  const t = (v: Float32Array) => new ort.Tensor('float32', v, shape);
  const out = await sess.run({ [xName]: t(x), [yName]: t(Float32Array.from(lrnRef(x, shape, size, alpha, beta, bias))), [res.cotangentInput]: t(ct) });
  await sess.release();
  const grad = out[res.gradOutputs[0]!]!.data as Float32Array;
  const obj = (v: Float64Array): number => lrnRef(v, shape, size, alpha, beta, bias).reduce((s, yi, i) => s + ct[i]! * yi, 0);
  let worst = 0;
  let scale = 1e-3;
  const errs: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const h = 1e-6;
    const xp = Float64Array.from(x); xp[i]! += h;
    const xm = Float64Array.from(x); xm[i]! -= h;
    const num = (obj(xp) - obj(xm)) / (2 * h);
    errs.push(Math.abs(num - grad[i]!));
    scale = Math.max(scale, Math.abs(num));
  }
  for (const e of errs) worst = Math.max(worst, e / scale);
  return worst;
}

describe('LRN against a reference implementation (even sizes and non-4-D inputs, which onnxruntime CPU refuses)', () => {
  const rows: OpCase[] = [
    { name: 'LRN size 4 even', op: 'LRN', opset: 13, attrs: { size: 4, alpha: { f: 0.6 }, beta: { f: 0.5 }, bias: { f: 1.5 } }, inputs: [{ shape: [2, 6, 2, 3] }] },
    { name: 'LRN size 2 even', op: 'LRN', opset: 13, attrs: { size: 2, alpha: { f: 0.8 }, beta: { f: 0.9 }, bias: { f: 1 } }, inputs: [{ shape: [1, 4, 2, 2] }] },
    { name: 'LRN size 6 even opset 9', op: 'LRN', opset: 9, attrs: { size: 6, alpha: { f: 0.9 }, beta: { f: 0.75 }, bias: { f: 1 } }, inputs: [{ shape: [1, 5, 2, 2] }] },
    { name: 'LRN 3-D input size 3', op: 'LRN', opset: 13, attrs: { size: 3, alpha: { f: 0.7 }, beta: { f: 0.75 }, bias: { f: 1 } }, inputs: [{ shape: [2, 5, 4] }] },
    { name: 'LRN 5-D input size 4', op: 'LRN', opset: 13, attrs: { size: 4, alpha: { f: 0.7 }, beta: { f: 0.75 }, bias: { f: 1 } }, inputs: [{ shape: [1, 5, 2, 2, 2] }] },
    { name: 'LRN size 3 odd (reference sanity)', op: 'LRN', opset: 13, attrs: { size: 3, alpha: { f: 0.5 }, beta: { f: 0.75 }, bias: { f: 1 } }, inputs: [{ shape: [2, 5, 2, 2] }] },
  ];
  for (const c of rows)
    it(c.name, async () => {
      expect(await lrnAgainstReference(c)).toBeLessThan(1e-4);
    });
});
