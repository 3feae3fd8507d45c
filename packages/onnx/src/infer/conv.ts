/** Shape inference and constant folding for the conv family. */
import type { InferTable } from './types.js';

export const CONV_INFER: InferTable = {};
