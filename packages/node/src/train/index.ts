export {
  INIT_KINDS, type InitKind, fans, initScale, initialize,
  ARCHITECTURES, type ArchitectureSpec, type MlpSpec, type LenetSpec, type ResnetSpec, type BuildArchitectureOptions, type EmittedNetwork,
  buildArchitecture, emitArchitecture, describeArchitecture, parseArchitecture, renameTensor,
  oneHotRows, adversarialExamples, crossEntropyGradientOf, resolveAdversarial, type AdversarialTrainingOptions, type CrossEntropyGradient,
  type StepReport, type EpochLosses, type L1Penalty, type TrainResult, type EpochReport, type RoundReport, type SimultaneousResult, jointLossGraph,
  LOSS_PRESETS, type LossPreset, type RecipeParams, type Recipe, recipe, modelCard, type ModelCard, type ModelCardInput, TrainingError,
} from '@axplain/ort';
export {
  Adam, SgdMomentum, createOptimizer, type Optimizer, type OptimizerSpec, type AdamOptions, type SgdOptions, type ParamValues,
  datasetAccuracy, robustAccuracy, explanationGradient, maskedGradientShare, explanationMasks, firstSamples, type ExplanationOf,
} from '@axplain/core';
export {
  train, resolveModel, findAnotherExplanation, trainSimultaneous, trainingLoop, explanationCosine2, ParameterModel,
  type TrainOptions, type FindAnotherOptions, type SimultaneousOptions, type TrainingLoopOptions, type ParameterModelOptions,
} from './node-training.js';
export { saveCheckpoint, readTrainModel } from './checkpoints.js';
