/**
 * Quantised weights in the forward part of a QDQ gradient graph: where the backward reads a
 * Conv's float output (the saturation mask of the QuantizeLinear after it), onnxruntime cannot
 * fuse that Conv into QLinearConv, so its DequantizeLinear of constant weights and bias is
 * replaced by the values onnxruntime would compute (bit for bit), which lets the Conv run as an
 * ordinary float Conv on initializers. A Conv whose output the backward does not read keeps its
 * DequantizeLinear (it may still fuse).
 */
import { Rng } from '@axplain/node';
import { compile, DT, ModelBuilder, tensorValues, type ModelProto } from '@axplain/onnx';
import { describe, expect, it } from 'vitest';
import { runModel } from './support/run-model.js';

const rng = new Rng(41);
const W1 = Array.from({ length: 4 * 2 * 3 * 3 }, () => Math.round((rng.next() - 0.5) * 250));
const B1 = [123456794, -98765432, 7, -1]; // int32: (q - zp) is not exact in float32
const W2 = Array.from({ length: 3 * 4 * 1 * 1 }, () => Math.round((rng.next() - 0.5) * 250));
const S1 = [0.0123, 0.031, 0.0047, 0.02], Z1 = [0, 3, -2, 1];
const SB = [1.1e-9, 2.9e-9, 0.07, 0.11];

/** The dequantised weights' tensors, by name: DequantizeLinear nodes of constants. */
function weights(b: ModelBuilder) {
  return {
    w1: b.node('DequantizeLinear', [b.initializer('w1q', [4, 2, 3, 3], W1, DT.INT8), b.initializer('w1s', [4], S1), b.initializer('w1z', [4], Z1, DT.INT8)], { axis: 0 }),
    b1: b.node('DequantizeLinear', [b.initializer('b1q', [4], B1, DT.INT32), b.initializer('b1s', [4], SB), b.initializer('b1z', [4], [0, 0, 0, 0], DT.INT32)], { axis: 0 }),
    w2: b.node('DequantizeLinear', [b.initializer('w2q', [3, 4, 1, 1], W2, DT.INT8), b.initializer('w2s', [], [0.01])]),
  };
}

/** x -> [QDQ] -> Conv(W1, B1) -> [QDQ uint8, zero point 0: a fused ReLU] -> Conv(W2) -> y. */
function net(): ModelProto {
  const b = new ModelBuilder({ opset: 13 });
  const w = weights(b);
  const qdq = (t: string, s: number, type: number) => {
    const si = b.initializer(`s${s}`, [], [s]), zi = b.initializer(`z${s}`, [], [0], type);
    return b.node('DequantizeLinear', [b.node('QuantizeLinear', [t, si, zi]), si, zi]);
  };
  const h = qdq(b.node('Conv', [qdq(b.input('x', [1, 2, 6, 6]), 0.02, DT.INT8), w.w1, w.b1], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }), 0.05, DT.UINT8);
  b.output(b.node('Conv', [h, w.w2], { kernel_shape: [1, 1] }));
  return b.build();
}

describe('constant DequantizeLinear in the forward part of a QDQ gradient graph', () => {
  it('is folded where the backward reads the Conv\'s output, to onnxruntime\'s own values; kept where it does not', async () => {
    const model = net();
    const c = compile(model);
    const fwd = c.model.graph!.node!.slice(0, c.forwardNodes);
    const dqOuts = (m: ModelProto) => m.graph!.node!.filter((n) => n.opType === 'DequantizeLinear').map((n) => n.output![0]!);
    const [w1, b1, w2] = dqOuts(model).filter((o) => model.graph!.node!.some((n) => n.opType === 'Conv' && n.input!.includes(o)));
    const kept = new Set(fwd.filter((n) => n.opType === 'DequantizeLinear').map((n) => n.output![0]!));
    expect([kept.has(w1!), kept.has(b1!), kept.has(w2!)]).toEqual([false, false, true]);
    // onnxruntime's DequantizeLinear of the same constants, as graph outputs
    const b = new ModelBuilder({ opset: 13 });
    const ref = weights(b);
    b.output(ref.w1); b.output(ref.b1);
    const want = await runModel(b.build(), {}, 'cpu');
    const init = (name: string) => Float32Array.from(tensorValues(c.model.graph!.initializer!.find((t) => t.name === name)!));
    expect(init(w1!)).toEqual(want[ref.w1]);
    expect(init(b1!)).toEqual(want[ref.b1]);
    // the int32 bias shows the float32 rounding of (q - zp) that onnxruntime does first
    expect(init(b1!)[0]).not.toBe(Math.fround(B1[0]! * SB[0]!));
  });

  it('the forward output is unchanged and the gradient matches central differences of the float net at the dequantised point', async () => {
    const model = net();
    const c = compile(model);
    const x = { data: new Rng(6).fillUniform(72, -1, 1), dims: [1, 2, 6, 6] };
    const ct = { data: new Rng(7).fillNormal(108), dims: [1, 3, 6, 6] };
    const out = await runModel(c.model, { x, [c.cotangentInput]: ct }, 'cpu');
    const orig = await runModel(model, { x }, 'cpu');
    const y = Object.keys(orig)[0]!;
    expect(out[y]).toEqual(orig[y]);
    const g = out[c.gradOutputs[0]!]!;
    expect(Math.max(...g.map(Math.abs))).toBeGreaterThan(0.01);
    // The STE gradient is the float net's (the same Convs, Relu for the uint8 pair) at
    // DQ(Q(x)); its central differences along random directions (the Relu is piecewise linear:
    // a small step crosses no kink at this point, checked by the two step sizes agreeing).
    const fb = new ModelBuilder({ opset: 13 });
    const fw = weights(fb);
    fb.output(fb.node('Conv', [fb.node('Relu', [fb.node('Conv', [fb.input('x', [1, 2, 6, 6]), fw.w1, fw.b1], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] })]), fw.w2], { kernel_shape: [1, 1] }));
    const float = fb.build();
    const xq = x.data.map((v) => Math.max(-128, Math.min(127, Math.round(v / 0.02))) * 0.02);
    const f = async (p: Float32Array) => { const o = await runModel(float, { x: { data: p, dims: x.dims } }, 'cpu'); return Object.values(o)[0]!.reduce((a, v, i) => a + v * ct.data[i]!, 0); };
    for (let k = 0; k < 3; k++) {
      const d = new Rng(20 + k).fillNormal(72);
      const fd = async (h: number) => ((await f(xq.map((v, i) => v + h * d[i]!))) - (await f(xq.map((v, i) => v - h * d[i]!)))) / (2 * h);
      const [a, b2] = [await fd(1e-3), await fd(5e-4)];
      expect(Math.abs(a - b2)).toBeLessThan(1e-3 * Math.max(1, Math.abs(a)));
      const dot = g.reduce((s, v, i) => s + v * d[i]!, 0);
      expect(Math.abs(dot - a)).toBeLessThan(2e-2 * Math.max(1, Math.abs(a)));
    }
  });
});
