export { type Tensor, tensor, zeros, numel, batchOf, sampleSize, sliceBatch, concatBatch } from './tensor.js';
export type { GradientModel, VjpResult } from './gradient-model.js';
export { AxplainError, ShapeMismatchError, TargetError } from './errors.js';
export { Rng } from './rng.js';
export { type Target, resolveTargets, predictions, argmaxRow } from './targets.js';
export { type LossResult, oneHot, softmax, logSoftmax, crossEntropy, logProbability, margin, dlr, runnerUp } from './losses/index.js';
export * from './attacks/index.js';
