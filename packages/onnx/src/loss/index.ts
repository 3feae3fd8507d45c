export { buildLoss, type BuildLossOptions, type LossGraph } from './build-loss.js';
export { compileLoss, type TrainingGraph } from './compile-loss.js';
export { LossGraphError } from './loss-graph-error.js';
export { paramsToInputs, trainableParams, type TrainableParam, withParameters } from './params.js';
export { seedCotangent } from './seed-cotangent.js';
export {
  crossEntropy, doubleBackprop, rightReasons, weightDecay,
  type BatchReduction, type CrossEntropyTerm, type ExampleFunction, type GradientPenalty, type InputGradientTerm,
  type LogProbSumTerm, type LossTerm, type WeightDecayTerm,
} from './terms.js';
export { flushEmitter, namedIdentity } from './graph-edit.js';
