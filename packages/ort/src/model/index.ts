export { type OrtRuntime, type ExecutionProviderConfig } from './runtime.js';
export { OnnxGradientModel, type OnnxGradientModelParts } from './onnx-gradient-model.js';
export {
  createGradientModel, checkGradientModelOptions, DEFAULT_MAX_BATCH, type GradientModelOptions, type CompileOutcome,
} from './create-gradient-model.js';
export {
  type AdapterSessionOptions, type FloatArray, createSession, firstWorking, runFloat, releaseAll,
  providerName, executionProviderName, checkExecutionProviderList, describeStartFailure,
} from './session-runner.js';
export { compileGradient, adoptCompiledGradient, needsPortableGraph, COMPILER_VERSION_TAG, type CompiledGradient, type GradientCompileOptions, type CacheReport, type NodePlacement } from './compile.js';
export { resolveSignature, pinInputShape, specialiseInputShape, classesOf, declaredShape, type ModelSignature, type SignatureOptions, type DeclaredDim } from './io-names.js';
export { chooseLogits, type LogitsChoice } from './logits-output.js';
export { wrapHalfPrecision, type HalfPrecisionWrap } from './half-precision.js';
export {
  TensorNotFoundError, ModelSignatureError, FeedError, ExecutionProviderError, UnknownExecutionProviderError, ModelDisposedError,
  type ExecutionProviderFailure,
} from './errors.js';
export {
  parameterLayers, randomizeParameters, createRandomizableGradientModel, type ParameterLayer, type RandomizableOnnxModel,
} from './randomizable-model.js';
export { NonFiniteError, checkFinite, checkFiniteOutput, firstNonFinite, nonFiniteInitializers } from './non-finite.js';
export { type FeedValue, type TypedFeed, type ExtraFeed, resolveExtraFeeds, extraFeedTensors, zeroFeedNote } from './extra-inputs.js';
export { cutAtEmbedding, type EmbeddingCut, type EmbeddingCutOptions } from './cut-at-embedding.js';
export { createEmbeddingModel, EmbeddingModel, type EmbeddingModelOptions } from './embedding-model.js';
