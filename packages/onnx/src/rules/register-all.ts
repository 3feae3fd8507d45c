/** Every gradient rule, by family. */
import { CONV_RULES } from './conv/index.js';
import { ELEMENTWISE_RULES } from './elementwise/index.js';
import { LINALG_RULES } from './linalg/index.js';
import { NORM_RULES } from './norm/index.js';
import { POOL_RULES } from './pool/index.js';
import { QUANT_RULES } from './quant/index.js';
import { RECURRENT_RULES } from './recurrent/index.js';
import { REDUCE_RULES } from './reduce/index.js';
import { SHAPE_RULES } from './shape/index.js';
import type { GradRule } from './types.js';
import { CONTROL_FLOW_RULES } from './control-flow/index.js';

export const RULE_FAMILIES: Readonly<Record<string, readonly GradRule[]>> = {
  'elementwise and activations': ELEMENTWISE_RULES,
  'linear algebra': LINALG_RULES,
  convolution: CONV_RULES,
  pooling: POOL_RULES,
  'normalisation and softmax': NORM_RULES,
  'shape and data movement': SHAPE_RULES,
  reductions: REDUCE_RULES,
  'control flow (subgraphs; outer-scope captures are differentiated too)': CONTROL_FLOW_RULES,
  'recurrent (unrolled over static time steps)': RECURRENT_RULES,
  'quantised models (QOperator ops; `com.microsoft` QLinear*)': QUANT_RULES,
};

export const ALL_RULES: readonly GradRule[] = Object.values(RULE_FAMILIES).flat();
