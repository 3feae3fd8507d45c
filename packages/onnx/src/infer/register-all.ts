/** Every op's shape inference / folding, by family. */
import { CONST_INFER } from './const.js';
import { CONV_INFER } from './conv.js';
import { ELEMENTWISE_INFER } from './elementwise.js';
import { LINALG_INFER } from './linalg.js';
import { NORM_INFER } from './norm.js';
import { POOL_INFER } from './pool.js';
import { MS_QOPERATOR_INFER, QOPERATOR_INFER } from './qoperator.js';
import { QUANT_INFER } from './quant.js';
import { RECURRENT_INFER } from './recurrent.js';
import { REDUCE_INFER } from './reduce.js';
import { SHAPE_INFER } from './shape.js';
import type { InferTable } from './types.js';
import { CONTROL_FLOW_INFER } from '../control-flow/infer.js';

export const INFER: InferTable = {
  ...CONST_INFER, ...ELEMENTWISE_INFER, ...LINALG_INFER, ...CONV_INFER, ...POOL_INFER, ...NORM_INFER,
  ...SHAPE_INFER, ...REDUCE_INFER, ...QUANT_INFER, ...QOPERATOR_INFER,
  ...CONTROL_FLOW_INFER,
  ...RECURRENT_INFER,
};

/** Inference of ops by domain other than the default one. */
export const DOMAIN_INFER: Readonly<Record<string, InferTable>> = { 'com.microsoft': MS_QOPERATOR_INFER };
