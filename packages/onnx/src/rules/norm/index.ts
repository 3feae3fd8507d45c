/** Gradient rules of the norm family. */
import type { GradRule } from '../types.js';
import { batchNormalizationGrad } from './batch-normalization.js';
import { instanceNormalizationGrad } from './instance-normalization.js';
import { layerNormalizationGrad } from './layer-normalization.js';
import { lrnGrad } from './lrn.js';
import { logSoftmaxGrad, softmaxGrad } from './softmax.js';

export const NORM_RULES: readonly GradRule[] = [
  batchNormalizationGrad, lrnGrad, instanceNormalizationGrad, layerNormalizationGrad, softmaxGrad, logSoftmaxGrad,
];
