/** Shape inference for the norm family (BatchNormalization, LRN, InstanceNormalization, LayerNormalization, Softmax). */
import { normAxis } from '../dims.js';
import { DT } from '../proto.js';
import { unary } from './common.js';
import type { InferTable } from './types.js';

export const NORM_INFER: InferTable = {
  BatchNormalization: {
    // Outputs 1-4 exist only in the training form: running/saved statistics, shaped like `mean`.
    infer: (n, ctx) => {
      const x = ctx.info(n.inputs[0]!);
      const stat = ctx.info(n.inputs[3] ?? n.inputs[1]!);
      return n.outputs.map((_, k) => (k === 0 ? x : stat));
    },
  },
  LRN: unary,
  InstanceNormalization: unary,
  Softmax: unary,
  LogSoftmax: unary,
  LayerNormalization: {
    infer: (n, ctx) => {
      const x = ctx.info(n.inputs[0]!);
      const r = x.shape.length;
      const a = normAxis(n.int('axis', -1), r);
      const stats = { elemType: n.int('stash_type', DT.FLOAT), shape: x.shape.map((d, i) => (i >= a ? 1 : d)) };
      return n.outputs.map((_, k) => (k === 0 ? x : stats));
    },
  },
};
