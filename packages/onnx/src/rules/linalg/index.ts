/** Gradient rules of the linalg family. */
import type { GradRule } from '../types.js';
import { gemmGrad } from './gemm.js';
import { matmulGrad } from './matmul.js';

export const LINALG_RULES: readonly GradRule[] = [matmulGrad, gemmGrad];
