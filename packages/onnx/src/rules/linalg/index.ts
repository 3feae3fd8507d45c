/** Gradient rules of the linalg family. */
import type { GradRule } from '../types.js';

export const LINALG_RULES: readonly GradRule[] = [];
