/** Shape inference for elementwise ops (unary ops keep the shape; n-ary ops broadcast). */
import { DT } from '../proto.js';
import { broadcastInfer, unary } from './common.js';
import { binaryFold, castFold, unaryFold } from './fold.js';
import type { InferTable } from './types.js';

const bcast = { infer: broadcastInfer() };

const UNARY = [
  'Relu', 'LeakyRelu', 'Elu', 'Selu', 'Sigmoid', 'HardSigmoid', 'HardSwish', 'Tanh', 'Softplus', 'Softsign',
  'Erf', 'Gelu', 'Exp', 'Log', 'Sqrt', 'Neg', 'Abs', 'Reciprocal', 'Identity', 'Clip', 'Sign', 'Floor',
  'Ceil', 'Round', 'Sin', 'Cos', 'Celu', 'ThresholdedRelu', 'Mish', 'IsNaN', 'IsInf',
];
const NARY = ['Add', 'Sub', 'Mul', 'Div', 'Pow', 'PRelu', 'Sum', 'Mean', 'Max', 'Min'];

export const ELEMENTWISE_INFER: InferTable = {
  ...Object.fromEntries(UNARY.map((op) => [op, unary])),
  ...Object.fromEntries(NARY.map((op) => [op, bcast])),
  IsNaN: { infer: (n, ctx) => [{ elemType: DT.BOOL, shape: ctx.info(n.inputs[0]!).shape }] },
  IsInf: { infer: (n, ctx) => [{ elemType: DT.BOOL, shape: ctx.info(n.inputs[0]!).shape }] },
  Where: { infer: (n, ctx) => [{ elemType: ctx.info(n.inputs[1]!).elemType, shape: broadcastInfer()(n, ctx)[0]!.shape }] },
  Cast: { infer: (n, ctx) => [{ elemType: n.int('to', DT.FLOAT), shape: ctx.info(n.inputs[0]!).shape }], fold: castFold },
  // Integer shape arithmetic (sizes, pads) is folded at compile time.
  Add: { ...bcast, fold: binaryFold((a, b) => a + b) },
  Sub: { ...bcast, fold: binaryFold((a, b) => a - b) },
  Mul: { ...bcast, fold: binaryFold((a, b) => a * b) },
  Div: { ...bcast, fold: binaryFold((a, b) => a / b) },
  Neg: { ...unary, fold: unaryFold((a) => -a) },
  Identity: { ...unary, fold: (n, ctx) => [ctx.value(n.inputs[0]!)] },
  Dropout: {
    infer: (n, ctx) => {
      const x = ctx.info(n.inputs[0]!);
      // The mask output is bool from opset 10; before that it has the input's type.
      return n.outputs.length > 1 ? [x, { elemType: ctx.opset >= 10 ? DT.BOOL : x.elemType, shape: x.shape }] : [x];
    },
  },
};
