export {
  evaluateRobustness, robustnessTable, type LabelledBatch, type RobustnessRow, type RobustnessRun, type RobustnessReport, type EvaluateRobustnessOptions,
} from './robustness.js';
