export type { LossResult } from './loss.js';
export { oneHot } from './one-hot.js';
export { softmax, logSoftmax } from './softmax.js';
export { crossEntropy, logProbability } from './cross-entropy.js';
export { margin, dlr, runnerUp } from './margin.js';
