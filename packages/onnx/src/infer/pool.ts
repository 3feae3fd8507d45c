/** Shape inference and constant folding for the pool family. */
import type { InferTable } from './types.js';

export const POOL_INFER: InferTable = {};
