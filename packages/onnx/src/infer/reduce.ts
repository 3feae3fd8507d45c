/** Shape inference for Reduce* ops (axes attribute or input, keepdims, noop_with_empty_axes) and ArgMax/ArgMin. */
import { normAxis } from '../dims.js';
import { axesOf } from './axes.js';
import { DT } from '../proto.js';
import type { InferFn, InferTable } from './types.js';

const reduceInfer: InferFn = (n, ctx) => {
  const x = ctx.info(n.inputs[0]!);
  const r = x.shape.length;
  const keep = n.int('keepdims', 1) === 1;
  let axes = axesOf(n, ctx, 1);
  if (!axes || axes.length === 0) axes = n.int('noop_with_empty_axes', 0) ? [] : x.shape.map((_, i) => i);
  const set = new Set(axes.map((a) => normAxis(a, r)));
  const shape = x.shape.flatMap((d, i) => (set.has(i) ? (keep ? [1] : []) : [d]));
  return [{ elemType: x.elemType, shape }];
};

const OPS = ['ReduceSum', 'ReduceMean', 'ReduceMax', 'ReduceMin', 'ReduceL1', 'ReduceL2', 'ReduceProd', 'ReduceLogSumExp', 'ReduceSumSquare', 'ReduceLogSum'];

/** ArgMax / ArgMin: int64 indices along one axis (kept as 1 by default). */
const argInfer: InferFn = (n, ctx) => {
  const x = ctx.info(n.inputs[0]!);
  const a = normAxis(n.int('axis', 0), x.shape.length);
  const keep = n.int('keepdims', 1) === 1;
  return [{ elemType: DT.INT64, shape: x.shape.flatMap((d, i) => (i === a ? (keep ? [1] : []) : [d])) }];
};

export const REDUCE_INFER: InferTable = {
  ...Object.fromEntries(OPS.map((op) => [op, { infer: reduceInfer }])),
  ArgMax: { infer: argInfer },
  ArgMin: { infer: argInfer },
};
