/** Shape inference and constant folding for the norm family. */
import type { InferTable } from './types.js';

export const NORM_INFER: InferTable = {};
