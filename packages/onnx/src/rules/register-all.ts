/** Every gradient rule, by family. */
import { CONV_RULES } from './conv/index.js';
import { ELEMENTWISE_RULES } from './elementwise/index.js';
import { LINALG_RULES } from './linalg/index.js';
import { NORM_RULES } from './norm/index.js';
import { POOL_RULES } from './pool/index.js';
import { REDUCE_RULES } from './reduce/index.js';
import { SHAPE_RULES } from './shape/index.js';
import type { GradRule } from './types.js';

export const ALL_RULES: readonly GradRule[] = [
  ...ELEMENTWISE_RULES, ...LINALG_RULES, ...CONV_RULES, ...POOL_RULES, ...NORM_RULES, ...SHAPE_RULES, ...REDUCE_RULES,
];
