export { loadModel, type WebLoadModelOptions } from './load-model.js';
export { type ModelSource, ModelSourceError, readModelSource, type ReadSource } from './model-source.js';
export { type CompiledGraphStore, type StoredGraph, indexedDbStore, compileWithStore, webCacheKey, sha256Hex } from './compile-cache.js';
export { compileInWorker, GradientCompileError } from './compile-in-worker.js';
export { applyOrtSettings, type OrtWebSettings } from './ort-settings.js';
export {
  webRuntime, WEB_EXECUTION_PROVIDERS, type WebExecutionProviderName, availableWebExecutionProviders, checkWebExecutionProviders, webUnavailableReason,
} from './web-runtime.js';
