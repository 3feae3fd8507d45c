/**
 * A small CNN and its QOperator twin, quantised here by hand (test/support/quantise.ts):
 * Conv+Relu -> MaxPool -> Conv -> {LeakyRelu, Sigmoid} -> {Add, Mul} -> Concat -> AveragePool ->
 * GlobalAveragePool -> Flatten -> MatMul. The quantised twin uses QLinearConv (ReLU fused into
 * the output zero point), uint8 MaxPool and Flatten, the com.microsoft QLinear* ops and
 * QLinearMatMul; the float twin the dequantised weights.
 */
import { Rng } from '@axplain/core';
import { DT, ModelBuilder, type ModelProto } from '@axplain/onnx';
import { calibrated, int8Weights, qInits, type QParams, quantiseInput, uint8Params } from './quantise.js';
import { runModel } from './run-model.js';

const MS = 'com.microsoft';
const rng = new Rng(21);
const W1 = int8Weights(rng.fillNormal(4 * 9, 0.6), 4);
const W2 = int8Weights(rng.fillNormal(6 * 4 * 9, 0.3), 6);
const WF = int8Weights(rng.fillNormal(12 * 3, 1));
export const INPUT = uint8Params(0, 1);
const bias1 = Array.from(rng.fillNormal(4, 0.1)).map((v, m) => Math.round(v / (INPUT.scale * W1.scales[m]!)));
const conv = { kernel_shape: [3, 3], pads: [1, 1, 1, 1] };
const pool = { kernel_shape: [2, 2], strides: [2, 2] };

/** Intermediate tensors, in order, whose quantisation parameters the QOperator twin needs. */
const STAGES = ['c1', 'c2', 'a', 's', 'add', 'mul', 'cat', 'ap', 'gp', 'y'] as const;
type Stage = typeof STAGES[number];

export function floatCnn(exposeAll = false): ModelProto {
  const b = new ModelBuilder({ opset: 13 });
  const x = b.input('x', ['N', 1, 8, 8]);
  const b1 = b.initializer('b1', [4], bias1.map((v, m) => Math.fround(v * Math.fround(INPUT.scale * W1.scales[m]!))));
  const t: Partial<Record<Stage, string>> = {};
  t.c1 = b.node('Relu', [b.node('Conv', [x, b.initializer('w1', [4, 1, 3, 3], W1.deq), b1], conv)]);
  t.c2 = b.node('Conv', [b.node('MaxPool', [t.c1], pool), b.initializer('w2', [6, 4, 3, 3], W2.deq)], conv);
  t.a = b.node('LeakyRelu', [t.c2], { alpha: { f: 0.1 } });
  t.s = b.node('Sigmoid', [t.c2]);
  t.add = b.node('Add', [t.a, t.s]);
  t.mul = b.node('Mul', [t.a, t.s]);
  t.cat = b.node('Concat', [t.add, t.mul], { axis: 1 });
  t.ap = b.node('AveragePool', [t.cat], pool);
  t.gp = b.node('GlobalAveragePool', [t.ap]);
  t.y = b.node('MatMul', [b.node('Flatten', [t.gp]), b.initializer('wf', [12, 3], WF.deq)]);
  b.output(t.y);
  if (exposeAll) for (const s of STAGES.slice(0, -1)) b.output(t[s]!);
  return b.build();
}

/** Calibrates every stage on the float twin's activations for `x`. */
export async function calibrate(x: Float32Array, n: number): Promise<Record<Stage, QParams>> {
  const m = floatCnn(true);
  const out = await runModel(m, { x: { data: x, dims: [n, 1, 8, 8] } }, 'cpu');
  const names = m.graph!.output!.map((o) => o.name!);
  const order: Stage[] = ['y', ...STAGES.slice(0, -1)];
  return Object.fromEntries(order.map((s, i) => [s, calibrated(out[names[i]!]!)])) as Record<Stage, QParams>;
}

export function qoperatorCnn(p: Record<Stage, QParams>): ModelProto {
  const b = new ModelBuilder({ opset: 13 });
  const x = b.input('x', ['N', 1, 8, 8]);
  const q = (s: Stage) => qInits(b, s, p[s]);
  const [xq, sx, zx] = quantiseInput(b, x, INPUT);
  const c1q = q('c1');
  const c1 = b.node('QLinearConv', [xq, sx, zx, b.initializer('w1', [4, 1, 3, 3], W1.q, DT.INT8), b.initializer('s1', [4], W1.scales),
    b.initializer('z1', [4], [0, 0, 0, 0], DT.INT8), ...c1q, b.initializer('b1', [4], bias1, DT.INT32)], conv);
  const c2q = q('c2');
  const c2 = b.node('QLinearConv', [b.node('MaxPool', [c1], pool), ...c1q, b.initializer('w2', [6, 4, 3, 3], W2.q, DT.INT8),
    b.initializer('s2', [6], W2.scales), b.initializer('z2', [6], new Array(6).fill(0), DT.INT8), ...c2q], conv);
  const [aq, sq, addq, mulq, catq, apq, gpq, yq] = (['a', 's', 'add', 'mul', 'cat', 'ap', 'gp', 'y'] as const).map(q);
  const a = b.nodeIn(MS, 'QLinearLeakyRelu', [c2, ...c2q, ...aq!], { alpha: { f: 0.1 } });
  const s = b.nodeIn(MS, 'QLinearSigmoid', [c2, ...c2q, ...sq!]);
  const add = b.nodeIn(MS, 'QLinearAdd', [a, ...aq!, s, ...sq!, ...addq!]);
  const mul = b.nodeIn(MS, 'QLinearMul', [a, ...aq!, s, ...sq!, ...mulq!]);
  const cat = b.nodeIn(MS, 'QLinearConcat', [...catq!, add, ...addq!, mul, ...mulq!], { axis: 1 });
  const ap = b.nodeIn(MS, 'QLinearAveragePool', [cat, ...catq!, ...apq!], pool);
  const gp = b.nodeIn(MS, 'QLinearGlobalAveragePool', [ap, ...apq!, ...gpq!]);
  const y = b.node('QLinearMatMul', [b.node('Flatten', [gp]), ...gpq!, b.initializer('wf', [12, 3], WF.q, DT.INT8),
    b.initializer('sf', [], WF.scales), b.initializer('zf', [], [0], DT.INT8), ...yq!]);
  b.output(b.node('DequantizeLinear', [y, ...yq!]));
  return b.build();
}
