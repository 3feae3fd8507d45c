/** Gradient rules of the reduce family. */
import type { GradRule } from '../types.js';

export const REDUCE_RULES: readonly GradRule[] = [];
