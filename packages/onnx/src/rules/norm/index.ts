/** Gradient rules of the norm family. */
import type { GradRule } from '../types.js';

export const NORM_RULES: readonly GradRule[] = [];
