/** Gradient-check rows for the norm family: BatchNormalization, LRN, Instance/LayerNormalization, (Log)Softmax. */
import type { InputSpec, OpCase, RejectedCase } from '../../support/op-case.js';

const param = (shape: number[], range?: [number, number]): InputSpec => ({ shape, kind: 'param', range });
const variance = (c: number): InputSpec => param([c], [0.5, 1.5]);
const bnParams = (c: number): InputSpec[] => [param([c], [0.5, 1.5]), param([c]), param([c]), variance(c)];

const softmaxRows = (op: 'Softmax' | 'LogSoftmax'): OpCase[] => [
  { name: `${op} opset 13 default axis (-1), 3-D`, op, opset: 13, inputs: [{ shape: [2, 3, 4] }] },
  { name: `${op} opset 13 axis=1 on 4-D (single axis)`, op, opset: 13, attrs: { axis: 1 }, inputs: [{ shape: [2, 3, 2, 2] }] },
  { name: `${op} opset 13 axis=-2`, op, opset: 13, attrs: { axis: -2 }, inputs: [{ shape: [2, 3, 4] }] },
  { name: `${op} opset 11 axis=1 on 3-D (coerced to 2-D)`, op, opset: 11, attrs: { axis: 1 }, inputs: [{ shape: [2, 3, 4] }] },
  { name: `${op} opset 11 axis=1 on 4-D (coerced to 2-D)`, op, opset: 11, attrs: { axis: 1 }, inputs: [{ shape: [2, 3, 2, 2] }] },
  { name: `${op} opset 11 default axis (1) on 4-D`, op, opset: 11, inputs: [{ shape: [2, 2, 3, 2] }] },
  { name: `${op} opset 11 axis=-2 on 4-D`, op, opset: 11, attrs: { axis: -2 }, inputs: [{ shape: [2, 2, 3, 2] }] },
  { name: `${op} opset 9 axis=0 (whole tensor)`, op, opset: 9, attrs: { axis: 0 }, inputs: [{ shape: [2, 3] }] },
  { name: `${op} opset 7 2-D default axis`, op, opset: 7, inputs: [{ shape: [3, 5] }] },
  { name: `${op} opset 17 dynamic batch`, op, opset: 17, inputs: [{ shape: [3, 5], symbolic: ['N', 5] }] },
  { name: `${op} opset 12 dynamic batch, 3-D`, op, opset: 12, attrs: { axis: 1 }, inputs: [{ shape: [2, 3, 4], symbolic: ['N', 3, 4] }] },
  { name: `${op} opset 18 axis=0 dynamic batch`, op, opset: 18, attrs: { axis: 0 }, inputs: [{ shape: [3, 4], symbolic: ['N', 4] }] },
];

export const NORM_CASES: OpCase[] = [
  // ---- BatchNormalization (inference form) ----
  { name: 'BatchNormalization opset 15 4-D', op: 'BatchNormalization', opset: 15, inputs: [{ shape: [2, 3, 4, 4] }, ...bnParams(3)] },
  { name: 'BatchNormalization opset 14 training_mode=0, epsilon', op: 'BatchNormalization', opset: 14, attrs: { training_mode: 0, epsilon: { f: 1e-2 } }, inputs: [{ shape: [2, 3, 3, 3] }, ...bnParams(3)] },
  { name: 'BatchNormalization opset 9 2-D [N, C]', op: 'BatchNormalization', opset: 9, inputs: [{ shape: [4, 3] }, ...bnParams(3)] },
  { name: 'BatchNormalization opset 7 5-D, spatial default', op: 'BatchNormalization', opset: 7, inputs: [{ shape: [2, 3, 2, 3, 2] }, ...bnParams(3)] },
  { name: 'BatchNormalization opset 7 spatial=1 explicit 4-D', op: 'BatchNormalization', opset: 7, attrs: { spatial: 1 }, inputs: [{ shape: [2, 2, 3, 3] }, ...bnParams(2)] },
  {
    name: 'BatchNormalization opset 7 spatial=0 (per-activation params)', op: 'BatchNormalization', opset: 7, attrs: { spatial: 0 },
    inputs: [{ shape: [3, 2, 4] }, param([2, 4], [0.5, 1.5]), param([2, 4]), param([2, 4]), param([2, 4], [0.5, 1.5])],
  },
  { name: 'BatchNormalization opset 15 dynamic batch', op: 'BatchNormalization', opset: 15, inputs: [{ shape: [3, 3, 2, 2], symbolic: ['N', 3, 2, 2] }, ...bnParams(3)] },
  { name: 'BatchNormalization opset 9 dynamic batch 2-D', op: 'BatchNormalization', opset: 9, inputs: [{ shape: [5, 4], symbolic: ['N', 4] }, ...bnParams(4)] },
  {
    name: 'BatchNormalization X only (stats constant)', op: 'BatchNormalization', opset: 15,
    inputs: [{ shape: [2, 3, 3, 3] }, { shape: [3], kind: 'const' }, { shape: [3], kind: 'const' }, { shape: [3], kind: 'const' }, { shape: [3], kind: 'const', range: [0.5, 1.5] }],
  },

  // ---- LRN ----
  { name: 'LRN size 3 odd', op: 'LRN', opset: 13, attrs: { size: 3, alpha: { f: 0.5 }, beta: { f: 0.75 }, bias: { f: 1 } }, inputs: [{ shape: [2, 5, 3, 3] }] },
  // Even sizes and inputs other than 4-D: onnxruntime's CPU LRN refuses them; norm.test.ts checks
  // them against a reference implementation instead.
  { name: 'LRN size 5 default alpha/beta/bias', op: 'LRN', opset: 13, attrs: { size: 5 }, inputs: [{ shape: [2, 7, 2, 2] }] },
  { name: 'LRN opset 8 size 5 (Inception v1)', op: 'LRN', opset: 8, attrs: { size: 5, alpha: { f: 0.4 }, beta: { f: 0.75 }, bias: { f: 1 } }, inputs: [{ shape: [1, 8, 3, 3] }] },
  { name: 'LRN opset 9 size 3 bias 2', op: 'LRN', opset: 9, attrs: { size: 3, alpha: { f: 1.2 }, beta: { f: 0.6 }, bias: { f: 2 } }, inputs: [{ shape: [2, 4, 2, 2] }] },
  { name: 'LRN size 1', op: 'LRN', opset: 11, attrs: { size: 1, alpha: { f: 0.7 }, beta: { f: 0.75 }, bias: { f: 1 } }, inputs: [{ shape: [2, 3, 2, 2] }] },
  { name: 'LRN size 7 > channels', op: 'LRN', opset: 13, attrs: { size: 7, alpha: { f: 0.9 }, beta: { f: 0.75 }, bias: { f: 1 } }, inputs: [{ shape: [1, 4, 2, 2] }] },
  { name: 'LRN dynamic batch', op: 'LRN', opset: 13, attrs: { size: 3, alpha: { f: 0.5 }, beta: { f: 0.75 } }, inputs: [{ shape: [3, 5, 2, 2], symbolic: ['N', 5, 2, 2] }] },

  // ---- InstanceNormalization ----
  { name: 'InstanceNormalization opset 7 4-D', op: 'InstanceNormalization', opset: 7, inputs: [{ shape: [2, 3, 3, 4] }, param([3], [0.5, 1.5]), param([3])] },
  { name: 'InstanceNormalization opset 17 3-D epsilon', op: 'InstanceNormalization', opset: 17, attrs: { epsilon: { f: 1e-2 } }, inputs: [{ shape: [2, 3, 5] }, param([3], [0.5, 1.5]), param([3])] },
  { name: 'InstanceNormalization opset 13 5-D', op: 'InstanceNormalization', opset: 13, inputs: [{ shape: [1, 2, 2, 3, 2] }, param([2], [0.5, 1.5]), param([2])] },
  { name: 'InstanceNormalization opset 9 dynamic batch', op: 'InstanceNormalization', opset: 9, inputs: [{ shape: [3, 2, 3, 3], symbolic: ['N', 2, 3, 3] }, param([2], [0.5, 1.5]), param([2])] },
  { name: 'InstanceNormalization opset 18 dynamic batch', op: 'InstanceNormalization', opset: 18, inputs: [{ shape: [2, 2, 4], symbolic: ['N', 2, 4] }, param([2], [0.5, 1.5]), param([2])] },

  // ---- LayerNormalization (opset 17) ----
  { name: 'LayerNormalization default axis (-1)', op: 'LayerNormalization', opset: 17, inputs: [{ shape: [2, 3, 5] }, param([5], [0.5, 1.5]), param([5])] },
  { name: 'LayerNormalization axis=1', op: 'LayerNormalization', opset: 17, attrs: { axis: 1 }, inputs: [{ shape: [2, 3, 4] }, param([3, 4], [0.5, 1.5]), param([3, 4])] },
  { name: 'LayerNormalization axis=-2, epsilon', op: 'LayerNormalization', opset: 17, attrs: { axis: -2, epsilon: { f: 1e-2 } }, inputs: [{ shape: [2, 3, 4] }, param([3, 4], [0.5, 1.5]), param([3, 4])] },
  { name: 'LayerNormalization axis=0', op: 'LayerNormalization', opset: 17, attrs: { axis: 0 }, inputs: [{ shape: [2, 3] }, param([2, 3], [0.5, 1.5]), param([2, 3])] },
  { name: 'LayerNormalization without B', op: 'LayerNormalization', opset: 17, inputs: [{ shape: [3, 6] }, param([6], [0.5, 1.5])] },
  { name: 'LayerNormalization dynamic batch', op: 'LayerNormalization', opset: 18, inputs: [{ shape: [3, 2, 4], symbolic: ['N', 2, 4] }, param([4], [0.5, 1.5]), param([4])] },
  { name: 'LayerNormalization 3 outputs, d Y', op: 'LayerNormalization', opset: 17, nOut: 3, inputs: [{ shape: [2, 5] }, param([5], [0.5, 1.5]), param([5])] },
  { name: 'LayerNormalization d Mean output', op: 'LayerNormalization', opset: 17, nOut: 3, outputIndex: 1, attrs: { axis: 1 }, inputs: [{ shape: [2, 3, 2] }, param([3, 2], [0.5, 1.5]), param([3, 2])] },
  { name: 'LayerNormalization d InvStdDev output', op: 'LayerNormalization', opset: 17, nOut: 3, outputIndex: 2, inputs: [{ shape: [2, 4] }, param([4], [0.5, 1.5]), param([4])] },

  // ---- Softmax / LogSoftmax ----
  ...softmaxRows('Softmax'),
  ...softmaxRows('LogSoftmax'),
];

/** Configurations the rules refuse; `error` must appear in the message. */
export const NORM_REJECTED: RejectedCase[] = [
  {
    name: 'BatchNormalization training_mode=1', op: 'BatchNormalization', opset: 14, attrs: { training_mode: 1 }, nOut: 3,
    inputs: [{ shape: [2, 3, 2, 2] }, ...bnParams(3)], error: /BatchNormalization.*training_mode=1/,
  },
  {
    name: 'BatchNormalization opset 9 training outputs', op: 'BatchNormalization', opset: 9, nOut: 5,
    inputs: [{ shape: [2, 3, 2, 2] }, ...bnParams(3)], error: /BatchNormalization.*training form/,
  },
  {
    name: 'BatchNormalization opset 15 mixed types (double mean/var)', op: 'BatchNormalization', opset: 15,
    inputs: [{ shape: [2, 3, 2, 2] }, param([3]), param([3]), { shape: [3], kind: 'const', elemType: 11 }, { shape: [3], kind: 'const', elemType: 11, range: [0.5, 1.5] }],
    error: /BatchNormalization.*element type/,
  },
  {
    name: 'LRN on a 2-D input', op: 'LRN', opset: 13, attrs: { size: 3 },
    inputs: [{ shape: [2, 3] }], error: /LRN.*rank 2/,
  },
];
