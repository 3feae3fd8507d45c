import { compile, DT, encodeModel, ModelBuilder } from '@axplain/onnx';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';

/** Runs the compiled gradient of a one-node reduction at `x` with cotangent `ct`. */
async function gradAt(op: string, opset: number, axes: number[], keepdims: number, x: number[], shape: number[], ct: number[]) {
  const b = new ModelBuilder({ opset });
  const inputForm = opset >= (op === 'ReduceSum' ? 13 : 18);
  const ins = [b.input('x', shape), ...(inputForm ? [b.initializer('axes', [axes.length], axes, DT.INT64)] : [])];
  b.output(b.node(op, ins, inputForm ? { keepdims } : { axes, keepdims }));
  const { model, cotangentInput, gradOutputs } = compile(b.build(), { wrt: ['x'] });
  const sess = await ort.InferenceSession.create(encodeModel(model));
  const outShape = (model.graph!.input!.find((i) => i.name === cotangentInput)!.type!.tensorType!.shape!.dim ?? []).map((d) => Number(d.dimValue));
  const out = await sess.run({
    x: new ort.Tensor('float32', Float32Array.from(x), shape),
    [cotangentInput]: new ort.Tensor('float32', Float32Array.from(ct), outShape),
  });
  await sess.release();
  return Array.from(out[gradOutputs[0]!]!.data as Float32Array);
}

describe('reduce family: exact values', () => {
  // Ties split G evenly among the tied positions (like torch.amax), at every opset.
  for (const opset of [7, 11, 18])
    it(`ReduceMax ties split the cotangent (opset ${opset})`, async () => {
      const g = await gradAt('ReduceMax', opset, [1], 0, [1, 3, 3, 2, 5, 5, 5, -1], [2, 4], [6, 9]);
      expect(g).toEqual([0, 3, 3, 0, 3, 3, 3, 0]);
    });

  it('ReduceMin ties split the cotangent', async () => {
    expect(await gradAt('ReduceMin', 13, [0], 1, [1, 4, 1, 2], [2, 2], [8, 2])).toEqual([4, 0, 4, 2]);
  });

  it('ReduceL2 of an all-zero group has gradient 0, not NaN', async () => {
    expect(await gradAt('ReduceL2', 13, [1], 1, [0, 0, 3, 4], [2, 2], [1, 5])).toEqual([0, 0, 3, 4]);
  });
});
