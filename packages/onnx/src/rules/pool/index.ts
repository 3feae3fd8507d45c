/** Gradient rules of the pool family. */
import type { GradRule } from '../types.js';
import { averagePoolGrad } from './average-pool.js';
import { globalAveragePoolGrad, globalMaxPoolGrad } from './global-pool.js';
import { globalLpPoolGrad, lpPoolGrad } from './lp-pool.js';
import { maxPoolGrad } from './max-pool.js';

export const POOL_RULES: readonly GradRule[] = [
  maxPoolGrad, averagePoolGrad, globalAveragePoolGrad, globalMaxPoolGrad, lpPoolGrad, globalLpPoolGrad,
];
