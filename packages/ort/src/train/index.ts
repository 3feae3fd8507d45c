export { INIT_KINDS, type InitKind, fans, initScale, initialize } from './initializers.js';
export {
  ARCHITECTURES, type ArchitectureSpec, type MlpSpec, type LenetSpec, type ResnetSpec, type BuildArchitectureOptions, type EmittedNetwork,
  buildArchitecture, emitArchitecture, describeArchitecture, parseArchitecture, renameTensor,
} from './architectures.js';
export { ParameterModel, type ParameterModelOptions, oneHotRows } from './parameter-model.js';
export {
  adversarialExamples, crossEntropyGradientOf, resolveAdversarial, type AdversarialTrainingOptions, type CrossEntropyGradient,
} from './adversarial-examples.js';
export { trainingLoop, type TrainingLoopOptions, type StepReport, type EpochLosses, type L1Penalty } from './training-loop.js';
export { train, resolveModel, type TrainOptions, type TrainResult, type EpochReport } from './train.js';
export { findAnotherExplanation, type FindAnotherOptions, type RoundReport } from './find-another-explanation.js';
export { trainSimultaneous, jointLossGraph, explanationCosine2, type SimultaneousOptions, type SimultaneousResult } from './simultaneous-explanations.js';
export { LOSS_PRESETS, type LossPreset, type RecipeParams, type Recipe, recipe } from './recipes.js';
export { modelCard, type ModelCard, type ModelCardInput } from './model-card.js';
export { TrainingError } from './training-error.js';
export { buildTextClassifier, describeTextClassifier, TEXT_IO, type TextClassifierSpec } from './text-architecture.js';
export { trainText, textAccuracy, textLogits, type TextDataset, type TrainTextOptions, type TrainTextResult } from './train-text.js';
export { buildTabularClassifier, asRowInput, type TabularClassifierSpec } from './tabular-architecture.js';
