/** Shape inference and constant folding for the linalg family. */
import type { InferTable } from './types.js';

export const LINALG_INFER: InferTable = {};
