/** Gradient rules of the reduce family. */
import type { GradRule } from '../types.js';
import { reduceMaxGrad, reduceMinGrad } from './reduce-max.js';
import { reduceL1Grad, reduceL2Grad, reduceLogSumExpGrad, reduceLogSumGrad, reduceSumSquareGrad } from './reduce-norm.js';
import { reduceMeanGrad, reduceSumGrad } from './reduce-sum.js';

export const REDUCE_RULES: readonly GradRule[] = [
  reduceSumGrad, reduceMeanGrad, reduceMaxGrad, reduceMinGrad,
  reduceL1Grad, reduceL2Grad, reduceSumSquareGrad, reduceLogSumExpGrad, reduceLogSumGrad,
];
