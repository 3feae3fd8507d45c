import { compile, DT, encodeModel, Graph, makeTensor } from '@axplain/onnx';
import { gradCheck } from '@axplain/node';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { resampleMatrices } from '../../packages/onnx/src/rules/shape/interp-matrix.js';
import { buildCase, type OpCase } from '../support/op-case.js';
import { DERIVED_DIM_CASES, RESAMPLE_CASES, RESIZE_CASES } from './cases/resample.js';

/** Gradient of input 0 for a fixed cotangent (a ramp), running the original model first for the output shape. */
async function inputGrad(c: OpCase): Promise<{ dx: Float32Array; yDims: number[] }> {
  const { model, wrt, feeds, shapes } = buildCase(c);
  const x = new ort.Tensor('float32', feeds.in0!, shapes.in0!);
  const plain = await ort.InferenceSession.create(encodeModel(model), { graphOptimizationLevel: 'disabled' });
  const y = (await plain.run({ in0: x }))[plain.outputNames[0]!]!;
  await plain.release();
  const yDims = [...y.dims].map(Number);
  const ct = Float32Array.from({ length: y.data.length }, (_, i) => Math.sin(i + 1));
  const res = compile(model, { wrt });
  const sess = await ort.InferenceSession.create(encodeModel(res.model), { graphOptimizationLevel: 'disabled' });
  const out = await sess.run({ in0: x, [res.cotangentInput]: new ort.Tensor('float32', ct, yDims) });
  await sess.release();
  return { dx: out[res.gradOutputs[0]!]!.data as Float32Array, yDims };
}

describe('resample family: derived symbolic dims agree with the static-shape gradient', () => {
  for (const c of DERIVED_DIM_CASES)
    it(c.name, async () => {
      const dyn = await inputGrad(c);
      const stat = await inputGrad({ ...c, inputs: c.inputs.map((s) => (s ? { ...s, symbolic: undefined } : s)) });
      expect(dyn.yDims).toEqual(stat.yDims);
      expect(Array.from(dyn.dx)).toEqual(Array.from(stat.dx));
      expect(stat.dx.some((v) => v !== 0)).toBe(true);
    });
});

/** Contracts `m` (row-major outLen x inLen) with axis `axis` of a row-major tensor. */
function contract(x: Float64Array, shape: number[], axis: number, m: Float64Array, outLen: number): Float64Array {
  const inLen = shape[axis]!;
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const y = new Float64Array(outer * outLen * inner);
  for (let o = 0; o < outer; o++)
    for (let i = 0; i < outLen; i++)
      for (let j = 0; j < inLen; j++) {
        const w = m[i * inLen + j]!;
        if (w === 0) continue;
        for (let k = 0; k < inner; k++) y[(o * outLen + i) * inner + k]! += w * x[(o * inLen + j) * inner + k]!;
      }
  return y;
}

// The interpolation matrices must reproduce onnxruntime's own Resize/Upsample output: this pins
// the coordinate transforms and rounding modes, which finite differences alone cannot (a wrong
// but self-consistent R would still pass a gradient check of a *different* linear map).
describe('resample family: interpolation matrices reproduce the onnxruntime forward', () => {
  for (const c of RESIZE_CASES.filter((k) => (k.inputs[0]!.kind ?? 'x') === 'x'))
    it(c.name, async () => {
      const { model, feeds, shapes } = buildCase(c);
      const sess = await ort.InferenceSession.create(encodeModel(model), { graphOptimizationLevel: 'disabled' });
      const y = (await sess.run({ in0: new ort.Tensor('float32', feeds.in0!, shapes.in0!) }))[sess.outputNames[0]!]!;
      await sess.release();
      const g = new Graph(model);
      const { geometry, matrices } = resampleMatrices(g.nodes[0]!, g);
      const outDims = [...y.dims].map(Number);
      geometry.outShape.forEach((d, i) => { if (typeof d === 'number') expect(d).toBe(outDims[i]); });
      let cur: Float64Array = Float64Array.from(feeds.in0!);
      const shape = [...shapes.in0!];
      matrices.forEach((m, axis) => {
        if (!m) return;
        cur = contract(cur, shape, axis, m, outDims[axis]!);
        shape[axis] = outDims[axis]!;
      });
      expect(shape).toEqual(outDims);
      const ref = y.data as Float32Array;
      const tc = c.attrs?.coordinate_transformation_mode;
      const extrap = typeof c.attrs?.extrapolation_value === 'object' && 'f' in c.attrs.extrapolation_value ? c.attrs.extrapolation_value.f : 0;
      let worst = 0;
      for (let i = 0; i < ref.length; i++) {
        // Rows R leaves empty are tf_crop_and_resize's extrapolated outputs: a constant, not a function of X.
        const want = tc === 'tf_crop_and_resize' && cur[i] === 0 && ref[i] === extrap ? 0 : ref[i]!;
        worst = Math.max(worst, Math.abs(cur[i]! - want));
      }
      expect(worst).toBeLessThan(1e-5);
    });
});

// PyTorch exports `size=` as sizes computed at runtime from Shape; axplain does not fold the
// arithmetic, but the declared output shape still fixes the geometry (scale = out / in).
describe('resample family: sizes computed from Shape(x)', () => {
  for (const mode of ['nearest', 'linear'])
    it(`Resize-13 ${mode} sizes = Shape(x) + [0, 0, 2, 3] folds to constant sizes`, async () => {
      const c: OpCase = { name: 'runtime sizes', op: 'Resize', opset: 13, attrs: { mode }, inputs: [{ shape: [1, 2, 3, 4] }, null, null, { shape: [4], values: [1, 2, 5, 7], kind: 'const', elemType: DT.INT64 }] };
      const { model, wrt, feeds } = buildCase(c);
      const gr = model.graph!;
      gr.initializer = [...(gr.initializer ?? []), makeTensor('delta', DT.INT64, [4], [0, 0, 2, 3])];
      const resize = gr.node![0]!;
      resize.input = [...resize.input!.slice(0, 3), 'sizes_rt'];
      gr.node = [
        { opType: 'Shape', input: ['in0'], output: ['shape_rt'], name: 'shape_rt' },
        { opType: 'Add', input: ['shape_rt', 'delta'], output: ['sizes_rt'], name: 'sizes_rt' },
        resize,
      ];
      expect(new Graph(model).value('sizes_rt')?.data).toEqual([1, 2, 5, 7]);
      const r = await gradCheck(model, { wrt, feeds, seed: 1 });
      expect(r.forwardMaxAbsDiff).toBe(0);
      expect(r.maxRelError).toBeLessThan(2e-2);
      expect(r.perWrt[0]!.gradNorm).toBeGreaterThan(0);
    });
});

// Every op is linear in X, so differentiating the gradient graph with respect to its cotangent
// must give back the forward map: J v = f(v) - f(0). This runs the emitted Slice/Pad/Sum/MatMul/
// Transpose/Reshape through their own rules (second order) and checks the result exactly.
describe('resample family: double backward reproduces the forward map', () => {
  for (const c of RESAMPLE_CASES.filter((k) => (k.inputs[0]!.kind ?? 'x') === 'x'))
    it(c.name, async () => {
      const { model, wrt, feeds, shapes } = buildCase(c);
      const first = compile(model, { wrt });
      const second = compile(first.model, { wrt: [first.cotangentInput], of: first.gradOutputs[0]! });
      const opts = { graphOptimizationLevel: 'disabled' as const };
      const plain = await ort.InferenceSession.create(encodeModel(model), opts);
      const v = Float32Array.from(feeds.in0!, (_, i) => Math.cos(i * 0.7));
      const f = async (a: Float32Array) => (await plain.run({ in0: new ort.Tensor('float32', a, shapes.in0!) }))[plain.outputNames[0]!]!;
      const fv = await f(v);
      const f0 = (await f(new Float32Array(v.length))).data as Float32Array;
      await plain.release();
      const sess = await ort.InferenceSession.create(encodeModel(second.model), opts);
      const out = await sess.run({
        in0: new ort.Tensor('float32', feeds.in0!, shapes.in0!),
        [first.cotangentInput]: new ort.Tensor('float32', new Float32Array(fv.data.length).fill(0.3), [...fv.dims]),
        [second.cotangentInput]: new ort.Tensor('float32', v, shapes.in0!),
      });
      await sess.release();
      const jv = out[second.gradOutputs[0]!]!.data as Float32Array;
      const want = fv.data as Float32Array;
      expect(jv.length).toBe(want.length);
      let worst = 0;
      for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(jv[i]! - (want[i]! - f0[i]!)));
      expect(worst).toBeLessThan(1e-5);
    });
});
