export { datasetAccuracy, robustAccuracy, firstSamples, forChunks } from './accuracy.js';
export { explanationGradient, maskedGradientShare, explanationMasks, type ExplanationOf } from './explanation-share.js';
export {
  evaluateRobustness, robustnessTable, type LabelledBatch, type RobustnessRow, type RobustnessRun, type RobustnessReport, type EvaluateRobustnessOptions,
} from './robustness.js';
