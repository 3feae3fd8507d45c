/** Shape inference and constant folding for constants, shape queries and comparisons. */
import type { ConstValue } from '../const-value.js';
import type { Dim } from '../dims.js';
import { DT, tensorValues, toNum } from '../proto.js';
import { broadcastInfer } from './common.js';
import { constantOfShapeFold } from './fold.js';
import type { InferTable } from './types.js';

const constantValue = (n: import('../node.js').Node): ConstValue => {
  const t = n.tensor('value');
  if (t) return { elemType: t.dataType ?? DT.FLOAT, dims: (t.dims ?? []).map(toNum), data: tensorValues(t) };
  const f = n.float('value_float');
  if (f !== undefined) return { elemType: DT.FLOAT, dims: [], data: [f] };
  const fs = n.floats('value_floats');
  if (fs) return { elemType: DT.FLOAT, dims: [fs.length], data: fs };
  const i = n.int('value_int');
  if (i !== undefined) return { elemType: DT.INT64, dims: [], data: [i] };
  const is = n.ints('value_ints');
  if (is) return { elemType: DT.INT64, dims: [is.length], data: is };
  throw new RangeError(`${n.describe()}: unsupported Constant form (sparse or string value)`);
};

const bool = broadcastInfer(DT.BOOL);

export const CONST_INFER: InferTable = {
  Constant: {
    infer: (n) => { const v = constantValue(n); return [{ elemType: v.elemType, shape: v.dims }]; },
    fold: (n) => [constantValue(n)],
  },
  Shape: {
    infer: (n, ctx) => {
      const r = ctx.info(n.inputs[0]!).shape.length;
      const { s, e } = shapeRange(n, r);
      return [{ elemType: DT.INT64, shape: [Math.max(0, e - s)] }];
    },
    fold: (n, ctx) => {
      const shape = ctx.info(n.inputs[0]!).shape;
      const { s, e } = shapeRange(n, shape.length);
      const data: Dim[] = shape.slice(s, e);
      return [{ elemType: DT.INT64, dims: [data.length], data }];
    },
  },
  Size: {
    infer: () => [{ elemType: DT.INT64, shape: [] }],
  },
  ConstantOfShape: {
    fold: constantOfShapeFold,
    infer: (n, ctx) => {
      const v = ctx.value(n.inputs[0]!);
      if (!v) throw new RangeError(`${n.describe()}: the shape input is not known at compile time`);
      const t = n.tensor('value');
      return [{ elemType: t?.dataType ?? DT.FLOAT, shape: v.data }];
    },
  },
  Range: {
    infer: (n, ctx) => {
      const [s, l, d] = [0, 1, 2].map((k) => ctx.value(n.inputs[k]!)?.data[0]);
      const et = ctx.info(n.inputs[0]!).elemType;
      if (typeof s === 'number' && typeof l === 'number' && typeof d === 'number')
        return [{ elemType: et, shape: [Math.max(Math.ceil((l - s) / d), 0)] }];
      return [{ elemType: et, shape: [`${n.outputs[0]}_len`] }];
    },
    fold: (n, ctx) => {
      const [s, l, d] = [0, 1, 2].map((k) => ctx.value(n.inputs[k]!)?.data[0]);
      if (typeof s !== 'number' || typeof l !== 'number' || typeof d !== 'number') return undefined;
      const data: number[] = [];
      for (let v = s; d > 0 ? v < l : v > l; v += d) data.push(v);
      return [{ elemType: ctx.info(n.inputs[0]!).elemType, dims: [data.length], data }];
    },
  },
  Equal: { infer: bool }, Greater: { infer: bool }, Less: { infer: bool },
  GreaterOrEqual: { infer: bool }, LessOrEqual: { infer: bool },
  And: { infer: bool }, Or: { infer: bool }, Xor: { infer: bool },
  Not: { infer: (n, ctx) => [{ elemType: DT.BOOL, shape: ctx.info(n.inputs[0]!).shape }] },
};

function shapeRange(n: import('../node.js').Node, r: number): { s: number; e: number } {
  const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + r : v, 0), r);
  return { s: clamp(n.int('start', 0)), e: clamp(n.int('end', r)) };
}
