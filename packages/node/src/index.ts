export { gradCheck, runtimeShape, type GradCheckOptions, type GradCheckReport, type DirectionCheck } from './gradcheck.js';
export { Rng } from '@axplain/core';
export { loadModel, DEFAULT_MAX_BATCH, type LoadModelOptions } from './model/load-model.js';
export { loadChain, ChainedOnnxModel, type LoadChainOptions } from './model/load-chain.js';
export { OnnxGradientModel, type CacheReport, type NodePlacement, type AdapterSessionOptions, type FeedValue } from '@axplain/ort';
export { nodeRuntime } from './model/node-runtime.js';
export {
  EXECUTION_PROVIDERS_BY_PLATFORM, KNOWN_EXECUTION_PROVIDERS, executionProvidersFor, availableExecutionProviders,
  type ExecutionProviderConfig, type NodeExecutionProviderName,
} from './model/execution-providers.js';
export {
  TensorNotFoundError, ModelSignatureError, FeedError, ExecutionProviderError, UnknownExecutionProviderError, ModelDisposedError, ModelFileError,
  type ExecutionProviderFailure,
} from './model/errors.js';
export * from './image/index.js';
export { inferPreprocessSpec } from '@axplain/core';
export * from './data/index.js';
export * from './train/index.js';
export * from './render/index.js';
export { decodeWav, encodeWav, readWav, WavFormatError, type WavAudio } from './audio/wav.js';
export * from './text/index.js';
export * from './tabular/index.js';
