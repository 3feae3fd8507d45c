/** Shape inference and constant folding for the pool family. */
import type { Dim } from '../dims.js';
import type { Node } from '../node.js';
import { DT } from '../proto.js';
import { outExtents, resolveSpatial } from './spatial.js';
import type { InferContext, InferFn, InferTable } from './types.js';

/** Output shape of a windowed pool: [N, C, O...]; a symbolic spatial dim yields a symbolic extent. */
function windowedShape(n: Node, ctx: InferContext): Dim[] {
  const x = ctx.info(n.inputs[0]!).shape;
  const kernel = n.ints('kernel_shape');
  if (!kernel) throw new RangeError(`${n.describe()}: attribute kernel_shape is required`);
  const spatial = x.slice(2);
  if (spatial.length !== kernel.length)
    throw new RangeError(`${n.describe()}: kernel_shape has ${kernel.length} dims, the input ${spatial.length} spatial dims`);
  const out = n.outputs[0] ?? 'pool';
  if (!spatial.every((d): d is number => typeof d === 'number'))
    return [x[0]!, x[1]!, ...spatial.map((_, i) => `${out}_d${i + 2}`)];
  return [x[0]!, x[1]!, ...outExtents(spatial, resolveSpatial(n, spatial, kernel))];
}

const windowed: InferFn = (n, ctx) => {
  const elemType = ctx.info(n.inputs[0]!).elemType;
  const shape = windowedShape(n, ctx);
  // MaxPool's optional second output holds int64 flat indices.
  return n.outputs.map((_, k) => ({ elemType: k === 0 ? elemType : DT.INT64, shape }));
};

const global: InferFn = (n, ctx) => {
  const x = ctx.info(n.inputs[0]!);
  return [{ elemType: x.elemType, shape: [x.shape[0]!, x.shape[1]!, ...x.shape.slice(2).map(() => 1)] }];
};

export const POOL_INFER: InferTable = {
  MaxPool: { infer: windowed },
  AveragePool: { infer: windowed },
  LpPool: { infer: windowed },
  GlobalMaxPool: { infer: global },
  GlobalAveragePool: { infer: global },
  GlobalLpPool: { infer: global },
};
