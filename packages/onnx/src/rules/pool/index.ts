/** Gradient rules of the pool family. */
import type { GradRule } from '../types.js';

export const POOL_RULES: readonly GradRule[] = [];
