export { datasetAccuracy, robustAccuracy, firstSamples, forChunks } from './accuracy.js';
export { explanationGradient, maskedGradientShare, explanationMasks, type ExplanationOf } from './explanation-share.js';
