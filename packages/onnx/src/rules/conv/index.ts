/** Gradient rules of the conv family. */
import type { GradRule } from '../types.js';
import { convGrad } from './conv.js';
import { convTransposeGrad } from './conv-transpose.js';

export const CONV_RULES: readonly GradRule[] = [convGrad, convTransposeGrad];
