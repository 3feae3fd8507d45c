/**
 * Shape inference of the QOperator ops (quant-spec.ts): the float counterpart's shape, with the
 * element type of the output zero point (int32 for the Integer ops), and DynamicQuantizeLinear.
 */
import { Node } from '../node.js';
import { DT } from '../proto.js';
import { floatAttrs, QOPERATOR_SPECS, type QOpSpec } from '../quant-spec.js';
import { makeAttr } from '../proto.js';
import { CONV_INFER } from './conv.js';
import { ELEMENTWISE_INFER } from './elementwise.js';
import { LINALG_INFER } from './linalg.js';
import { POOL_INFER } from './pool.js';
import { SHAPE_INFER } from './shape.js';
import type { InferFn, InferTable } from './types.js';

const FLOAT_INFER: InferTable = { ...CONV_INFER, ...LINALG_INFER, ...ELEMENTWISE_INFER, ...POOL_INFER, ...SHAPE_INFER };

const qoperatorInfer = (spec: QOpSpec): InferFn => (n, ctx) => {
  if (n.int('channels_last', 0) !== 0) throw new RangeError(`${n.describe()}: channels_last=1 is not supported (only NCHW)`);
  const operands = spec.operands(n);
  const attribute = Object.entries(floatAttrs(n)).map(([k, v]) => makeAttr(k, v));
  const twin = new Node({ opType: spec.floatOp, name: n.name, input: operands.map((o) => n.inputs[o.q] ?? ''), output: n.outputs, attribute }, n.index);
  const [info] = FLOAT_INFER[spec.floatOp]!.infer(twin, ctx);
  const zp = spec.output ? n.input(spec.output.zp) : undefined;
  const elemType = !spec.output ? DT.INT32 : zp ? ctx.info(zp).elemType : ctx.info(n.inputs[operands[0]!.q]!).elemType;
  return [{ elemType, shape: info!.shape }];
};

const byDomain = (domain: string): InferTable =>
  Object.fromEntries(QOPERATOR_SPECS.filter((s) => s.domain === domain).map((s) => [s.opType, { infer: qoperatorInfer(s) }]));

/** Default-domain QOperator ops and DynamicQuantizeLinear. */
export const QOPERATOR_INFER: InferTable = {
  ...byDomain(''),
  DynamicQuantizeLinear: {
    infer: (n, ctx) => [{ elemType: DT.UINT8, shape: [...ctx.info(n.inputs[0]!).shape] }, { elemType: DT.FLOAT, shape: [] }, { elemType: DT.UINT8, shape: [] }],
  },
};

/** The com.microsoft QLinear* ops. */
export const MS_QOPERATOR_INFER: InferTable = byDomain('com.microsoft');
