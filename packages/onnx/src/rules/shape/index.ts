/** Gradient rules of the shape family. */
import type { GradRule } from '../types.js';

export const SHAPE_RULES: readonly GradRule[] = [];
