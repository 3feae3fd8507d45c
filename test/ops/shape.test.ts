import { compile, DT, ModelBuilder, type ModelProto } from '@axplain/onnx';
import { gradCheck } from '@axplain/node';
import { describe, expect, it } from 'vitest';

describe('shape family: multi-node graphs', () => {
  const check = async (model: ModelProto, n: number, wrt = ['x'], extra: Record<string, Float32Array> = {}) => {
    const r = await gradCheck(model, { wrt, dims: { N: n }, feeds: extra, seed: 3 });
    expect(r.forwardMaxAbsDiff).toBe(0);
    expect(r.maxRelError).toBeLessThan(2e-2);
    expect(r.perWrt[0]!.gradNorm).toBeGreaterThan(0);
  };

  // torch.flatten(x, 1) as PyTorch exports it: Shape -> Gather -> Unsqueeze -> Concat -> Reshape.
  for (const opset of [11, 13])
    it(`PyTorch flatten chain over a dynamic batch (opset ${opset})`, async () => {
      const b = new ModelBuilder({ opset });
      const x = b.input('x', ['N', 3, 2, 2]);
      const shape = b.node('Shape', [x]);
      const n = b.node('Gather', [shape, b.initializer('zero', [], [0], DT.INT64)], { axis: 0 });
      const u = opset >= 13 ? b.node('Unsqueeze', [n, b.initializer('ax', [1], [0], DT.INT64)]) : b.node('Unsqueeze', [n], { axes: [0] });
      const target = b.node('Concat', [u, b.initializer('minus1', [1], [-1], DT.INT64)], { axis: 0 });
      const y = b.node('Reshape', [x, target]);
      b.output(b.node('Gemm', [y, b.initializer('w', [5, 12], Array.from({ length: 60 }, (_, i) => Math.sin(i))), b.initializer('bias', [5], [0, 1, 2, 3, 4])], { transB: 1 }));
      await check(b.build(), 3);
    });

  it('Split with both outputs used (Concat in swapped order)', async () => {
    const b = new ModelBuilder({ opset: 13 });
    const x = b.input('x', [2, 5]);
    const [p, q] = b.nodeN('Split', [x, b.initializer('s', [2], [2, 3], DT.INT64)], { axis: 1 }, 2);
    b.output(b.node('Concat', [q!, p!, q!], { axis: 1 }));
    await check(b.build(), 1);
  });

  it('Gather with run-time indices (Cast of an input), negative included', async () => {
    const b = new ModelBuilder({ opset: 13 });
    const x = b.input('x', [4, 3]);
    const idx = b.node('Cast', [b.input('fi', [5])], { to: DT.INT64 });
    b.output(b.node('Gather', [x, idx], { axis: 0 }));
    const model = b.build();
    await check(model, 1, ['x'], { fi: Float32Array.from([2, 0, -1, 2, -4]) });
    // The indices stay non-differentiable and the one-hot is emitted, not baked in.
    const { model: m } = compile(model, { wrt: ['x'] });
    expect(m.graph!.node!.some((n) => n.opType === 'Equal')).toBe(true);
  });

  it('Slice with ends = INT64_MAX exactly', async () => {
    const b = new ModelBuilder({ opset: 13 });
    const x = b.input('x', [3, 6]);
    const ends = b.initializer('ends', [1], [6], DT.INT64); // same slice; patched to INT64_MAX below
    b.output(b.node('Slice', [x, b.initializer('starts', [1], [2], DT.INT64), ends, b.initializer('axes', [1], [1], DT.INT64)]));
    const model = b.build();
    const t = model.graph!.initializer!.find((i) => i.name === 'ends')!;
    t.rawData = new Uint8Array(BigInt64Array.from([2n ** 63n - 1n]).buffer);
    await check(model, 1);
  });

  it('Slice gradient places G exactly (step -2)', async () => {
    const b = new ModelBuilder({ opset: 13 });
    const x = b.input('x', [7]);
    const i64 = (name: string, v: number) => b.initializer(name, [1], [v], DT.INT64);
    b.output(b.node('Slice', [x, i64('s', 5), i64('e', 0), i64('a', 0), i64('st', -2)]));
    const { model, cotangentInput, gradOutputs } = compile(b.build(), { wrt: ['x'] });
    const ort = await import('onnxruntime-node');
    const { encodeModel } = await import('@axplain/onnx');
    const sess = await ort.InferenceSession.create(encodeModel(model));
    const out = await sess.run({
      x: new ort.Tensor('float32', new Float32Array(7), [7]),
      [cotangentInput]: new ort.Tensor('float32', Float32Array.from([10, 20, 30]), [3]),
    });
    // Y = [x5, x3, x1].
    expect(Array.from(out[gradOutputs[0]!]!.data as Float32Array)).toEqual([0, 30, 0, 20, 0, 10, 0]);
  });
});
