/**
 * QOperator ops (QLinearConv, QLinearMatMul, ConvInteger, MatMulInteger, the com.microsoft
 * QLinear* family, uint8 MaxPool/Flatten between them): the composite
 * QuantizeLinear -> op -> DequantizeLinear must have exactly the gradient of the float op at the
 * dequantised point (inputs on the uint8 grid, dequantised weights), within 1e-5 relative —
 * float32 rounding of the scales that cancel. The forward outputs stay bit-identical.
 */
import { Rng } from '@axplain/core';
import { compile, DT, ModelBuilder, type ModelProto } from '@axplain/onnx';
import { describe, expect, it } from 'vitest';
import { calibrated, int8Weights, onGrid, qInits, type QParams, quantiseInput, uint8Params } from './support/quantise.js';
import { relMaxDiff, runModel } from './support/run-model.js';

const MS = 'com.microsoft';
const P_IN = uint8Params(-1, 1);
type Q = [string, string, string];

interface QCase {
  name: string;
  inputs: Record<string, number[]>;
  float(b: ModelBuilder, xs: string[]): string;
  /** The QOperator body from the quantised inputs to the integer output quantised with `out`... */
  quant?(b: ModelBuilder, qs: Q[], out: [string, string]): string;
  /** ...or from the float inputs to a float output (dynamic quantisation, pass-through ops). */
  direct?(b: ModelBuilder, xs: string[]): string;
}

const rng = new Rng(13);
const conv = { w: int8Weights(rng.fillNormal(4 * 3 * 9, 0.3), 4), b: Array.from(rng.fillNormal(4, 0.2)) };
const convBias = conv.b.map((v, m) => Math.round(v / (P_IN.scale * conv.w.scales[m]!)));
const convAttrs = { pads: [1, 1, 1, 1], strides: [2, 2], kernel_shape: [3, 3] };
const mm = int8Weights(rng.fillNormal(7 * 4, 0.5));
const u8w = Array.from({ length: 4 * 3 * 9 }, () => Math.floor(rng.next() * 256));

/** Value-moving ops on a float or a quantised tensor alike (`pad` is the padding value: 0, or the zero point). */
function moves(b: ModelBuilder, x: string, pad: string): string {
  const sl = b.node('Slice', [x, b.initializer('st', [1], [1], DT.INT64), b.initializer('en', [1], [4], DT.INT64), b.initializer('ax', [1], [2], DT.INT64)]);
  const p = b.node('Pad', [sl, b.initializer('pads', [8], [0, 0, 1, 0, 0, 0, 0, 1], DT.INT64), pad]);
  const t = b.node('Transpose', [p], { perm: [0, 2, 3, 1] });
  const u = b.node('Squeeze', [b.node('Unsqueeze', [t, b.initializer('ua', [1], [0], DT.INT64)]), b.initializer('sa', [1], [0], DT.INT64)]);
  return b.node('Concat', [u, t], { axis: 1 });
}

const CASES: QCase[] = [
  {
    name: 'QLinearConv (per-channel int8 weights, int32 bias, strides, pads)', inputs: { x: [2, 3, 6, 6] },
    float: (b, [x]) => b.node('Conv', [x, b.initializer('w', [4, 3, 3, 3], conv.w.deq),
      b.initializer('b', [4], convBias.map((v, m) => Math.fround(v * Math.fround(P_IN.scale * conv.w.scales[m]!))))], convAttrs),
    quant: (b, [x], [os, oz]) => b.node('QLinearConv', [...x!,
      b.initializer('wq', [4, 3, 3, 3], conv.w.q, DT.INT8), b.initializer('ws', [4], conv.w.scales), b.initializer('wz', [4], [0, 0, 0, 0], DT.INT8),
      os, oz, b.initializer('bq', [4], convBias, DT.INT32)], convAttrs),
  },
  {
    name: 'QLinearConv with signed int8 activations (S8S8) between QuantizeLinear and DequantizeLinear', inputs: { x: [2, 3, 6, 6] },
    float: (b, [x]) => b.node('Conv', [x, b.initializer('w', [4, 3, 3, 3], conv.w.deq)], convAttrs),
    direct: (b, [x]) => {
      // The uint8 input grid shifted by 128 is the int8 grid with zero point zp - 128; the output
      // scale covers the largest |y| the weights allow, so nothing saturates.
      const bound = Math.max(...[0, 1, 2, 3].map((m) => conv.w.deq.slice(m * 27, m * 27 + 27).reduce((a, v) => a + Math.abs(v), 0))) * 1.01;
      const s = b.initializer('xs', [], [P_IN.scale]);
      const z = b.initializer('xz', [], [P_IN.zp - 128], DT.INT8);
      const ys = b.initializer('ys', [], [Math.fround(bound / 127)]);
      const yz = b.initializer('yz', [], [0], DT.INT8);
      const y = b.node('QLinearConv', [b.node('QuantizeLinear', [x, s, z]), s, z, b.initializer('wq', [4, 3, 3, 3], conv.w.q, DT.INT8),
        b.initializer('ws', [4], conv.w.scales), b.initializer('wz', [4], [0, 0, 0, 0], DT.INT8), ys, yz], convAttrs);
      return b.node('DequantizeLinear', [y, ys, yz]);
    },
  },
  {
    name: 'QLinearMatMul', inputs: { x: [3, 7] },
    float: (b, [x]) => b.node('MatMul', [x, b.initializer('w', [7, 4], mm.deq)]),
    quant: (b, [x], [os, oz]) => b.node('QLinearMatMul', [...x!,
      b.initializer('wq', [7, 4], mm.q, DT.INT8), b.initializer('ws', [], mm.scales), b.initializer('wz', [], [0], DT.INT8), os, oz]),
  },
  {
    name: 'QLinearAdd (broadcast)', inputs: { a: [2, 3, 4, 4], c: [1, 3, 1, 1] },
    float: (b, xs) => b.node('Add', xs),
    quant: (b, [a, c], out) => b.nodeIn(MS, 'QLinearAdd', [...a!, ...c!, ...out]),
  },
  {
    name: 'QLinearMul', inputs: { a: [2, 3, 4, 4], c: [2, 3, 4, 4] },
    float: (b, xs) => b.node('Mul', xs),
    quant: (b, [a, c], out) => b.nodeIn(MS, 'QLinearMul', [...a!, ...c!, ...out]),
  },
  {
    name: 'QLinearSigmoid', inputs: { x: [2, 3, 4, 4] },
    float: (b, xs) => b.node('Sigmoid', xs),
    quant: (b, [x], out) => b.nodeIn(MS, 'QLinearSigmoid', [...x!, ...out]),
  },
  {
    name: 'QLinearLeakyRelu', inputs: { x: [2, 3, 4, 4] },
    float: (b, xs) => b.node('LeakyRelu', xs, { alpha: { f: 0.1 } }),
    quant: (b, [x], out) => b.nodeIn(MS, 'QLinearLeakyRelu', [...x!, ...out], { alpha: { f: 0.1 } }),
  },
  {
    name: 'QLinearAveragePool (pads, count_include_pad 0)', inputs: { x: [2, 3, 5, 5] },
    float: (b, xs) => b.node('AveragePool', xs, { kernel_shape: [2, 2], strides: [2, 2], pads: [0, 0, 1, 1] }),
    quant: (b, [x], out) => b.nodeIn(MS, 'QLinearAveragePool', [...x!, ...out], { kernel_shape: [2, 2], strides: [2, 2], pads: [0, 0, 1, 1] }),
  },
  {
    name: 'QLinearGlobalAveragePool', inputs: { x: [2, 3, 4, 4] },
    float: (b, xs) => b.node('GlobalAveragePool', xs),
    quant: (b, [x], out) => b.nodeIn(MS, 'QLinearGlobalAveragePool', [...x!, ...out]),
  },
  {
    name: 'QLinearConcat', inputs: { a: [2, 3, 4], c: [2, 2, 4] },
    float: (b, xs) => b.node('Concat', xs, { axis: 1 }),
    quant: (b, [a, c], out) => b.nodeIn(MS, 'QLinearConcat', [...out, ...a!, ...c!], { axis: 1 }),
  },
  {
    name: 'uint8 MaxPool and Flatten between QuantizeLinear and DequantizeLinear', inputs: { x: [2, 3, 4, 4] },
    float: (b, xs) => b.node('Flatten', [b.node('MaxPool', xs, { kernel_shape: [2, 2], strides: [2, 2] })]),
    direct: (b, [x]) => {
      const [q, s, z] = quantiseInput(b, x!, P_IN);
      return b.node('DequantizeLinear', [b.node('Flatten', [b.node('MaxPool', [q], { kernel_shape: [2, 2], strides: [2, 2] })]), s, z]);
    },
  },
  {
    name: 'uint8 Slice, Pad (the zero point), Transpose, Unsqueeze, Squeeze and Concat between the quantisers', inputs: { x: [2, 3, 4, 4] },
    float: (b, [x]) => moves(b, x!, b.initializer('pv', [], [0])),
    direct: (b, [x]) => {
      const [q, s, z] = quantiseInput(b, x!, P_IN);
      return b.node('DequantizeLinear', [moves(b, q, b.initializer('pv', [], [P_IN.zp], DT.UINT8)), s, z]);
    },
  },
  {
    name: 'DynamicQuantizeLinear -> MatMulInteger -> Cast -> Mul (dynamic quantisation)', inputs: { x: [3, 7] },
    float: (b, [x]) => b.node('MatMul', [x, b.initializer('w', [7, 4], mm.deq)]),
    direct: (b, [x]) => {
      const [q, s, z] = b.nodeN('DynamicQuantizeLinear', [x], {}, 3) as Q;
      const y = b.node('MatMulInteger', [q, b.initializer('wq', [7, 4], mm.q, DT.INT8), z]);
      return b.node('Mul', [b.node('Cast', [y], { to: DT.FLOAT }), b.node('Mul', [s, b.initializer('ws', [], mm.scales)])]);
    },
  },
  {
    name: 'DynamicQuantizeLinear -> ConvInteger (uint8 weights with a zero point) -> Cast -> Mul', inputs: { x: [2, 3, 6, 6] },
    float: (b, [x]) => b.node('Conv', [x, b.initializer('w', [4, 3, 3, 3], u8w.map((v) => Math.fround((v - 128) * 0.01)))], convAttrs),
    direct: (b, [x]) => {
      const [q, s, z] = b.nodeN('DynamicQuantizeLinear', [x], {}, 3) as Q;
      const y = b.node('ConvInteger', [q, b.initializer('wq', [4, 3, 3, 3], u8w, DT.UINT8), z, b.initializer('wz', [], [128], DT.UINT8)], convAttrs);
      return b.node('Mul', [b.node('Cast', [y], { to: DT.FLOAT }), b.node('Mul', [s, b.initializer('ws', [], [0.01])])]);
    },
  },
];

function build(c: QCase, body: (b: ModelBuilder, xs: string[]) => string): ModelProto {
  const b = new ModelBuilder({ opset: 13 });
  const xs = Object.entries(c.inputs).map(([n, s]) => b.input(n, s));
  b.output(body(b, xs));
  return b.build();
}

function quantModel(c: QCase, out: QParams): ModelProto {
  if (c.direct) return build(c, c.direct);
  return build(c, (b, xs) => {
    const o = qInits(b, 'y', out);
    return b.node('DequantizeLinear', [c.quant!(b, xs.map((x) => quantiseInput(b, x, P_IN)), o), ...o]);
  });
}

async function gradients(m: ModelProto, feeds: Record<string, { data: Float32Array; dims: number[] }>, ct: Float32Array, dims: number[]) {
  const res = compile(m, { wrt: Object.keys(feeds) });
  const out = await runModel(res.model, { ...feeds, [res.cotangentInput]: { data: ct, dims } }, 'cpu');
  return { res, out, grads: res.gradOutputs.map((g) => out[g]!) };
}

describe('QOperator ops differentiate as their float counterparts at the dequantised point', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const r = new Rng(c.name.length);
      const feeds = Object.fromEntries(Object.entries(c.inputs).map(([n, s]) =>
        [n, { data: onGrid(P_IN, s.reduce((a, d) => a * d, 1), () => r.next()), dims: s }]));
      const floatM = build(c, c.float);
      const yName = floatM.graph!.output![0]!.name!;
      const y = (await runModel(floatM, feeds, 'cpu'))[yName]!;
      const yDims = floatM.graph!.output![0]!.type!.tensorType!.shape!.dim!.map((d) => Number(d.dimValue));
      const quantM = quantModel(c, calibrated(y));
      const ct = r.fillNormal(y.length);
      const f = await gradients(floatM, feeds, ct, yDims);
      const q = await gradients(quantM, feeds, ct, yDims);
      // Forward untouched: the compiled model's output is the original quantised model's, bit for bit.
      const qName = quantM.graph!.output![0]!.name!;
      expect(q.out[qName]).toEqual((await runModel(quantM, feeds, 'cpu'))[qName]);
      expect(relMaxDiff(q.out[qName]!, y)).toBeLessThan(0.05);
      q.grads.forEach((gq, i) => {
        expect(gq.some((v) => v !== 0)).toBe(true);
        expect(relMaxDiff(f.grads[i]!, gq)).toBeLessThan(1e-5);
      });
    });
  }
});

describe('saturation is not straight-through', () => {
  it('QuantizeLinear passes the cotangent / scale inside the int8 range and 0 where it clips', async () => {
    const b = new ModelBuilder({ opset: 13 });
    const x = b.input('x', [1, 8]);
    const s = b.initializer('s', [], [0.1]);
    const z = b.initializer('z', [], [0], DT.INT8);
    // A Flatten between the quantisers: not a QDQ pair (those stay the plain identity), the rules apply.
    b.output(b.node('DequantizeLinear', [b.node('Flatten', [b.node('QuantizeLinear', [x, s, z])]), s, z]));
    const xs = Float32Array.from([-20, -12.5, -5, 0, 5, 12.5, 13, 30]);
    const { grads } = await gradients(b.build(), { x: { data: xs, dims: [1, 8] } }, new Float32Array(8).fill(2), [1, 8]);
    expect(Array.from(grads[0]!).map((v) => Math.round(v * 1e5) / 1e5)).toEqual([0, 2, 2, 2, 2, 2, 0, 0]);
  });
});
