/** Gradient rules of the elementwise family. */
import type { GradRule } from '../types.js';
import { addGrad, subGrad } from './add.js';
import { reluGrad } from './relu.js';

export const ELEMENTWISE_RULES: readonly GradRule[] = [reluGrad, addGrad, subGrad];
