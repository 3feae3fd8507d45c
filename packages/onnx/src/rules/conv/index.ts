/** Gradient rules of the conv family. */
import type { GradRule } from '../types.js';

export const CONV_RULES: readonly GradRule[] = [];
