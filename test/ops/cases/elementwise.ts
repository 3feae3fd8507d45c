/** Gradient-check rows for the elementwise and activation rules. */
import { DT } from '@axplain/onnx';
import type { OpCase, RejectedCase } from '../../support/op-case.js';

/**
 * n deterministic values with |v| in [lo, hi] and alternating signs: keeps inputs away from the
 * kinks at 0 (Relu, Abs, LeakyRelu...) and distinct from each other.
 */
export const offZero = (n: number, lo = 0.2, hi = 1): number[] =>
  Array.from({ length: n }, (_, i) => (i % 2 ? -1 : 1) * (lo + (hi - lo) * ((i * 0.6180339887 + 0.1) % 1)));

/** n deterministic values in [lo, hi] avoiding the listed points by at least `gap`. */
const avoiding = (n: number, lo: number, hi: number, points: number[], gap = 0.1): number[] =>
  Array.from({ length: n }, (_, i) => {
    let v = lo + (hi - lo) * ((i * 0.7548776662 + 0.05) % 1);
    for (const p of points) if (Math.abs(v - p) < gap) v = p + (v < p ? -gap : gap);
    return v;
  });

const POS: [number, number] = [0.3, 2];

const ARITHMETIC: OpCase[] = [
  { name: 'Add broadcast both ways', op: 'Add', inputs: [{ shape: [3, 1, 4] }, { shape: [5, 1] }] },
  { name: 'Add opset 7 with param', op: 'Add', opset: 7, inputs: [{ shape: [2, 3] }, { shape: [3], kind: 'param' }] },
  { name: 'Add dynamic batch', op: 'Add', inputs: [{ shape: [2, 3], symbolic: ['N', 3] }, { shape: [3], kind: 'param' }] },
  { name: 'Add both symbolic, one broadcast', op: 'Add', inputs: [{ shape: [3, 4], symbolic: ['N', 4] }, { shape: [3, 1], symbolic: ['N', 1] }] },
  { name: 'Sub with param', op: 'Sub', inputs: [{ shape: [2, 3] }, { shape: [3], kind: 'param' }] },
  { name: 'Sub broadcast both ways opset 8', op: 'Sub', opset: 8, inputs: [{ shape: [4, 1] }, { shape: [1, 3] }] },
  { name: 'Mul same shape', op: 'Mul', inputs: [{ shape: [2, 5] }, { shape: [2, 5] }] },
  { name: 'Mul broadcast both ways', op: 'Mul', inputs: [{ shape: [2, 1, 4] }, { shape: [3, 1] }] },
  { name: 'Mul scalar const', op: 'Mul', inputs: [{ shape: [2, 3] }, { shape: [], kind: 'const', values: [1.5] }] },
  { name: 'Mul channel param opset 7', op: 'Mul', opset: 7, inputs: [{ shape: [2, 3, 2, 2] }, { shape: [3, 1, 1], kind: 'param' }] },
  { name: 'Mul dynamic batch', op: 'Mul', opset: 13, inputs: [{ shape: [3, 4], symbolic: ['N', 4] }, { shape: [1, 4], kind: 'param' }] },
  { name: 'Div broadcast both ways', op: 'Div', inputs: [{ shape: [3, 1] }, { shape: [1, 4], range: POS }] },
  { name: 'Div by param opset 7', op: 'Div', opset: 7, inputs: [{ shape: [2, 3] }, { shape: [3], kind: 'param', range: POS }] },
  { name: 'Div const numerator', op: 'Div', inputs: [{ shape: [2, 3], kind: 'const' }, { shape: [2, 3], range: [-2, -0.4] }] },
  { name: 'Pow base and exponent', op: 'Pow', inputs: [{ shape: [2, 3], range: POS }, { shape: [2, 3] }] },
  { name: 'Pow broadcast both ways', op: 'Pow', inputs: [{ shape: [3, 1], range: POS }, { shape: [1, 4] }] },
  { name: 'Pow exponent param opset 7', op: 'Pow', opset: 7, inputs: [{ shape: [2, 3], range: POS }, { shape: [1], kind: 'param' }] },
  { name: 'Pow x^2 const', op: 'Pow', inputs: [{ shape: [2, 3] }, { shape: [], kind: 'const', values: [2] }] },
  { name: 'Pow x^3 const opset 7', op: 'Pow', opset: 7, inputs: [{ shape: [2, 3] }, { shape: [1], kind: 'const', values: [3] }] },
  { name: 'Pow x^0.5 const', op: 'Pow', inputs: [{ shape: [2, 3], range: POS }, { shape: [], kind: 'const', values: [0.5] }] },
  { name: 'Pow x^-1 const', op: 'Pow', inputs: [{ shape: [2, 3], range: POS }, { shape: [], kind: 'const', values: [-1] }] },
  { name: 'Pow x^1 const broadcast up', op: 'Pow', inputs: [{ shape: [3] }, { shape: [2, 3], kind: 'const', values: [1, 1, 1, 1, 1, 1] }] },
  { name: 'Pow x^0 const', op: 'Pow', inputs: [{ shape: [2, 3] }, { shape: [], kind: 'const', values: [0] }] },
  { name: 'Pow mixed const exponents', op: 'Pow', inputs: [{ shape: [2, 3], range: POS }, { shape: [3], kind: 'const', values: [2, 0.5, -1.5] }] },
  { name: 'Pow runtime exponent (not differentiated)', op: 'Pow', inputs: [{ shape: [2, 3], range: POS }, { shape: [3], kind: 'input' }] },
  { name: 'Pow int64 exponent opset 13', op: 'Pow', opset: 13, inputs: [{ shape: [2, 3] }, { shape: [], kind: 'const', elemType: DT.INT64, values: [3] }] },
  { name: 'Pow negative base, exponent 3', op: 'Pow', opset: 15, inputs: [{ shape: [2, 3], range: [-2, -0.3] }, { shape: [], kind: 'const', values: [3] }] },
  { name: 'Neg', op: 'Neg', inputs: [{ shape: [2, 3] }] },
  { name: 'Abs', op: 'Abs', inputs: [{ shape: [2, 4], values: offZero(8) }] },
  { name: 'Abs opset 7 (no Sign)', op: 'Abs', opset: 7, inputs: [{ shape: [2, 4], values: offZero(8) }] },
  { name: 'Reciprocal positive', op: 'Reciprocal', inputs: [{ shape: [2, 3], range: POS }] },
  { name: 'Reciprocal negative opset 7', op: 'Reciprocal', opset: 7, inputs: [{ shape: [2, 3], range: [-2, -0.3] }] },
  { name: 'Sqrt', op: 'Sqrt', inputs: [{ shape: [2, 3], range: POS }] },
  { name: 'Sqrt opset 7', op: 'Sqrt', opset: 7, inputs: [{ shape: [4], range: POS }] },
  { name: 'Exp', op: 'Exp', inputs: [{ shape: [2, 3] }] },
  { name: 'Log', op: 'Log', inputs: [{ shape: [2, 3], range: POS }] },
  { name: 'Log opset 7 dynamic batch', op: 'Log', opset: 7, inputs: [{ shape: [2, 3], symbolic: ['N', 3], range: POS }] },
  { name: 'Sin', op: 'Sin', inputs: [{ shape: [2, 3], range: [-3, 3] }] },
  { name: 'Cos opset 7', op: 'Cos', opset: 7, inputs: [{ shape: [2, 3], range: [-3, 3] }] },
  { name: 'Erf opset 9', op: 'Erf', opset: 9, inputs: [{ shape: [2, 3], range: [-2, 2] }] },
  { name: 'Erf opset 13', op: 'Erf', opset: 13, inputs: [{ shape: [5], range: [-2, 2] }] },
];

const ACTIVATIONS: OpCase[] = [
  { name: 'Relu', op: 'Relu', inputs: [{ shape: [2, 5], values: offZero(10) }] },
  { name: 'Relu opset 8', op: 'Relu', opset: 8, inputs: [{ shape: [4, 4], values: offZero(16) }] },
  { name: 'Relu opset 14 dynamic batch', op: 'Relu', opset: 14, inputs: [{ shape: [2, 4], symbolic: ['N', 4], values: offZero(8) }] },
  { name: 'LeakyRelu default alpha', op: 'LeakyRelu', inputs: [{ shape: [2, 5], values: offZero(10) }] },
  { name: 'LeakyRelu alpha 0.3 opset 7', op: 'LeakyRelu', opset: 7, attrs: { alpha: { f: 0.3 } }, inputs: [{ shape: [2, 5], values: offZero(10) }] },
  { name: 'PRelu channel slope opset 9', op: 'PRelu', opset: 9, inputs: [{ shape: [2, 3, 2, 2], values: offZero(24) }, { shape: [3, 1, 1], kind: 'param', range: [0.05, 0.5] }] },
  { name: 'PRelu channel slope opset 7', op: 'PRelu', opset: 7, inputs: [{ shape: [2, 3, 2, 2], values: offZero(24) }, { shape: [3, 1, 1], kind: 'param', range: [0.05, 0.5] }] },
  { name: 'PRelu scalar slope opset 8', op: 'PRelu', opset: 8, inputs: [{ shape: [2, 4], values: offZero(8) }, { shape: [1], kind: 'param', values: [0.25] }] },
  { name: 'PRelu full slope', op: 'PRelu', inputs: [{ shape: [2, 3], values: offZero(6) }, { shape: [2, 3], kind: 'param' }] },
  { name: 'PRelu trailing slope opset 16 dynamic batch', op: 'PRelu', opset: 16, inputs: [{ shape: [3, 4], symbolic: ['N', 4], values: offZero(12) }, { shape: [4], kind: 'param' }] },
  { name: 'PRelu slope only', op: 'PRelu', inputs: [{ shape: [2, 3], kind: 'input', values: offZero(6) }, { shape: [3], kind: 'param' }] },
  { name: 'ThresholdedRelu alpha 0.5', op: 'ThresholdedRelu', opset: 10, attrs: { alpha: { f: 0.5 } }, inputs: [{ shape: [2, 5], values: avoiding(10, -1, 2, [0.5], 0.15) }] },
  { name: 'Elu default', op: 'Elu', inputs: [{ shape: [2, 5], values: offZero(10, 0.1, 2) }] },
  { name: 'Elu alpha 0.5 opset 7', op: 'Elu', opset: 7, attrs: { alpha: { f: 0.5 } }, inputs: [{ shape: [2, 5], values: offZero(10, 0.1, 2) }] },
  { name: 'Selu default', op: 'Selu', inputs: [{ shape: [2, 5], values: offZero(10, 0.1, 2) }] },
  { name: 'Selu custom opset 7', op: 'Selu', opset: 7, attrs: { alpha: { f: 1.5 }, gamma: { f: 1.2 } }, inputs: [{ shape: [2, 5], values: offZero(10, 0.1, 2) }] },
  { name: 'Celu default opset 12', op: 'Celu', opset: 12, inputs: [{ shape: [2, 5], values: offZero(10, 0.1, 2) }] },
  { name: 'Celu alpha 2', op: 'Celu', attrs: { alpha: { f: 2 } }, inputs: [{ shape: [2, 5], values: offZero(10, 0.1, 3) }] },
  { name: 'Sigmoid', op: 'Sigmoid', inputs: [{ shape: [2, 5], range: [-4, 4] }] },
  { name: 'Sigmoid opset 7 dynamic batch', op: 'Sigmoid', opset: 7, inputs: [{ shape: [2, 3], symbolic: ['N', 3], range: [-4, 4] }] },
  { name: 'HardSigmoid default', op: 'HardSigmoid', inputs: [{ shape: [3, 4], values: avoiding(12, -4, 4, [-2.5, 2.5]) }] },
  { name: 'HardSigmoid custom opset 7', op: 'HardSigmoid', opset: 7, attrs: { alpha: { f: 0.5 }, beta: { f: 0.2 } }, inputs: [{ shape: [3, 4], values: avoiding(12, -3, 3, [-0.4, 1.6]) }] },
  { name: 'HardSwish opset 14', op: 'HardSwish', opset: 14, inputs: [{ shape: [3, 4], values: avoiding(12, -5, 5, [-3, 3]) }] },
  { name: 'Tanh', op: 'Tanh', inputs: [{ shape: [2, 5], range: [-3, 3] }] },
  { name: 'Tanh opset 7', op: 'Tanh', opset: 7, inputs: [{ shape: [6], range: [-3, 3] }] },
  { name: 'Softplus', op: 'Softplus', inputs: [{ shape: [2, 5], range: [-4, 4] }] },
  { name: 'Softsign', op: 'Softsign', inputs: [{ shape: [2, 5], values: offZero(10, 0.1, 3) }] },
  { name: 'Gelu none opset 20', op: 'Gelu', opset: 20, inputs: [{ shape: [2, 5], range: [-3, 3] }] },
  { name: 'Gelu tanh opset 20', op: 'Gelu', opset: 20, attrs: { approximate: 'tanh' }, inputs: [{ shape: [2, 5], range: [-3, 3] }] },
  { name: 'Mish opset 18', op: 'Mish', opset: 18, inputs: [{ shape: [2, 5], range: [-3, 3] }] },
  { name: 'Clip opset 7 min and max', op: 'Clip', opset: 7, attrs: { min: { f: -0.5 }, max: { f: 0.5 } }, inputs: [{ shape: [3, 4], values: avoiding(12, -1, 1, [-0.5, 0.5]) }] },
  { name: 'Clip opset 7 min only', op: 'Clip', opset: 7, attrs: { min: { f: 0 } }, inputs: [{ shape: [3, 4], values: avoiding(12, -1, 1, [0]) }] },
  { name: 'Clip opset 7 max only', op: 'Clip', opset: 7, attrs: { max: { f: 0.2 } }, inputs: [{ shape: [3, 4], values: avoiding(12, -1, 1, [0.2]) }] },
  { name: 'Clip opset 7 no bounds', op: 'Clip', opset: 7, inputs: [{ shape: [3, 4] }] },
  { name: 'Clip opset 11 min and max inputs', op: 'Clip', opset: 11, inputs: [{ shape: [3, 4], values: avoiding(12, -1, 1, [-0.3, 0.4]) }, { shape: [], kind: 'const', values: [-0.3] }, { shape: [], kind: 'const', values: [0.4] }] },
  { name: 'Clip ReLU6 opset 12', op: 'Clip', opset: 12, inputs: [{ shape: [3, 4], values: avoiding(12, -2, 8, [0, 6]) }, { shape: [], kind: 'const', values: [0] }, { shape: [], kind: 'const', values: [6] }] },
  { name: 'Clip opset 13 max only (min omitted)', op: 'Clip', opset: 13, inputs: [{ shape: [3, 4], values: avoiding(12, -1, 1, [0.25]) }, null, { shape: [], kind: 'const', values: [0.25] }] },
  { name: 'Clip opset 13 min only', op: 'Clip', opset: 13, inputs: [{ shape: [3, 4], values: avoiding(12, -1, 1, [-0.25]) }, { shape: [], kind: 'const', values: [-0.25] }] },
  { name: 'Clip opset 13 no bounds', op: 'Clip', opset: 13, inputs: [{ shape: [3, 4] }] },
  { name: 'Clip opset 17 runtime bounds, dynamic batch', op: 'Clip', inputs: [{ shape: [3, 4], symbolic: ['N', 4], values: avoiding(12, -1, 1, [-0.5, 0.5]) }, { shape: [], kind: 'input', values: [-0.5] }, { shape: [], kind: 'input', values: [0.5] }] },
];

const VARIADIC: OpCase[] = [
  { name: 'Sum three, broadcasting', op: 'Sum', inputs: [{ shape: [2, 3] }, { shape: [3] }, { shape: [2, 1], kind: 'param' }] },
  { name: 'Sum single input', op: 'Sum', inputs: [{ shape: [2, 3] }] },
  { name: 'Sum opset 7 same shapes', op: 'Sum', opset: 7, inputs: [{ shape: [2, 3] }, { shape: [2, 3] }] },
  { name: 'Sum with const', op: 'Sum', opset: 8, inputs: [{ shape: [2, 3] }, { shape: [1, 3], kind: 'const' }] },
  { name: 'Mean three, broadcasting', op: 'Mean', inputs: [{ shape: [2, 3] }, { shape: [3] }, { shape: [2, 1], kind: 'param' }] },
  { name: 'Mean opset 7', op: 'Mean', opset: 7, inputs: [{ shape: [4] }, { shape: [4] }] },
  { name: 'Max two, broadcast both ways', op: 'Max', inputs: [{ shape: [3, 1] }, { shape: [1, 4] }] },
  { name: 'Max three opset 8', op: 'Max', opset: 8, inputs: [{ shape: [2, 3] }, { shape: [3], kind: 'param' }, { shape: [2, 3] }] },
  { name: 'Max opset 7 same shapes (no float Equal)', op: 'Max', opset: 7, inputs: [{ shape: [2, 3] }, { shape: [2, 3] }] },
  { name: 'Max single input', op: 'Max', inputs: [{ shape: [2, 3] }] },
  { name: 'Max with const (only first needed)', op: 'Max', inputs: [{ shape: [2, 3] }, { shape: [3], kind: 'const' }] },
  { name: 'Max dynamic batch', op: 'Max', opset: 13, inputs: [{ shape: [3, 4], symbolic: ['N', 4] }, { shape: [4], kind: 'param' }] },
  { name: 'Min two, broadcast both ways', op: 'Min', inputs: [{ shape: [3, 1] }, { shape: [1, 4] }] },
  { name: 'Min three opset 12', op: 'Min', opset: 12, inputs: [{ shape: [2, 3] }, { shape: [1, 3] }, { shape: [2, 1] }] },
  { name: 'Min opset 8 const first', op: 'Min', opset: 8, inputs: [{ shape: [2, 3], kind: 'const' }, { shape: [2, 3] }] },
  {
    name: 'Where broadcast condition and branches', op: 'Where', opset: 9,
    inputs: [{ shape: [3, 1], kind: 'const', elemType: DT.BOOL, values: [1, 0, 1] }, { shape: [1, 4] }, { shape: [3, 4] }],
  },
  {
    name: 'Where opset 16 param branch', op: 'Where', opset: 16,
    inputs: [{ shape: [2, 3], kind: 'const', elemType: DT.BOOL, values: [1, 0, 0, 1, 1, 0] }, { shape: [2, 3] }, { shape: [3], kind: 'param' }],
  },
  {
    name: 'Where dynamic batch', op: 'Where',
    inputs: [{ shape: [1, 4], kind: 'const', elemType: DT.BOOL, values: [0, 1, 1, 0] }, { shape: [3, 4], symbolic: ['N', 4] }, { shape: [4], kind: 'param' }],
  },
];

const TYPES: OpCase[] = [
  { name: 'Identity', op: 'Identity', inputs: [{ shape: [2, 3] }] },
  { name: 'Identity opset 7', op: 'Identity', opset: 7, inputs: [{ shape: [2, 3] }] },
  { name: 'Cast float to float', op: 'Cast', opset: 13, attrs: { to: DT.FLOAT }, inputs: [{ shape: [2, 3] }] },
  { name: 'Cast float to float opset 7', op: 'Cast', opset: 7, attrs: { to: DT.FLOAT }, inputs: [{ shape: [2, 3] }] },
  { name: 'Dropout opset 7 ratio', op: 'Dropout', opset: 7, attrs: { ratio: { f: 0.3 } }, inputs: [{ shape: [2, 3] }] },
  { name: 'Dropout opset 7 with mask', op: 'Dropout', opset: 7, nOut: 2, inputs: [{ shape: [2, 3] }] },
  { name: 'Dropout opset 10 with mask', op: 'Dropout', opset: 10, nOut: 2, inputs: [{ shape: [2, 3] }] },
  {
    name: 'Dropout opset 13 ratio and training_mode false', op: 'Dropout', opset: 13, nOut: 2,
    inputs: [{ shape: [2, 3] }, { shape: [], kind: 'const', values: [0.5] }, { shape: [], kind: 'const', elemType: DT.BOOL, values: [0] }],
  },
  { name: 'Dropout opset 12 dynamic batch', op: 'Dropout', opset: 12, inputs: [{ shape: [2, 3], symbolic: ['N', 3] }] },
];

export const ELEMENTWISE_CASES: OpCase[] = [...ARITHMETIC, ...ACTIVATIONS, ...VARIADIC, ...TYPES];

/** Configurations the rules reject on purpose, with the text the error must contain. */
export const ELEMENTWISE_REJECTED: RejectedCase[] = [
  { name: 'Gelu unknown approximation', op: 'Gelu', opset: 20, attrs: { approximate: 'fast' }, inputs: [{ shape: [4] }], error: /Gelu.*approximate='fast'/ },
  {
    name: 'Dropout training_mode true', op: 'Dropout', opset: 13,
    inputs: [{ shape: [4] }, { shape: [], kind: 'const', values: [0.5] }, { shape: [], kind: 'const', elemType: DT.BOOL, values: [1] }],
    error: /Dropout.*training_mode/,
  },
  {
    name: 'Dropout runtime training_mode', op: 'Dropout', opset: 13,
    inputs: [{ shape: [4] }, null, { shape: [], kind: 'input', elemType: DT.BOOL }],
    error: /Dropout.*training_mode/,
  },
  { name: 'HardSwish needs opset 14', op: 'HardSwish', opset: 13, inputs: [{ shape: [4] }], error: /HardSwish.*opset >= 14/ },
];
