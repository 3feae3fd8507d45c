/**
 * `loadModel` for the browser: an ONNX classifier (a URL, bytes or a dropped file) as a
 * `GradientModel` on onnxruntime-web. Reads the source, compiles the gradient graph in a Web
 * Worker through the IndexedDB cache (or takes a pre-compiled graph), sets onnxruntime-web's
 * settings; the rest (signature, half precision, logits choice, EP fallback, probing) is
 * @axplain/ort's `createGradientModel`.
 */
import { adoptCompiledGradient, checkGradientModelOptions, compileGradient, createGradientModel, type GradientCompileOptions, type GradientModelOptions, type OnnxGradientModel } from '@axplain/ort';
import { compileInWorker } from './compile-in-worker.js';
import { type CompiledGraphStore, compileWithStore, indexedDbStore } from './compile-cache.js';
import { applyOrtSettings, type OrtWebSettings } from './ort-settings.js';
import { type ModelSource, readModelSource } from './model-source.js';
import { checkWebExecutionProviders, webRuntime, type WebExecutionProviderName } from './web-runtime.js';

export interface WebLoadModelOptions extends Omit<GradientModelOptions, 'source' | 'compile' | 'measurePlacement' | 'checkExecutionProviders' | 'executionProviders'> {
  /**
   * Execution providers to try in order: `'webgpu'`, `'wasm'`, `'webnn'` or `{ name, ...options }`.
   * The first that opens both sessions and runs a probe is used (`model.executionProvider`); the
   * ones before it and why they failed are in `model.fallbacks`. @defaultValue ['wasm']
   */
  executionProviders?: (WebExecutionProviderName | { name: WebExecutionProviderName; [option: string]: unknown })[];
  /** A gradient graph compiled ahead of time (`axplain compile`) for this model: it is used instead of compiling. @defaultValue compiled in the page */
  compiled?: ModelSource;
  /**
   * Where compiled graphs are kept: `true` IndexedDB (compile once per browser), `false` none, or
   * your own store. @defaultValue true where the page has IndexedDB
   */
  cache?: boolean | CompiledGraphStore;
  /** Compile in a Web Worker (the page stays responsive); `false` compiles on the calling thread. @defaultValue true where `Worker` exists */
  worker?: boolean;
  /** onnxruntime-web's own settings (global to the page: set them before the first model). */
  ort?: OrtWebSettings;
  /** Cancels fetching and compiling. */
  signal?: AbortSignal;
}

/**
 * Loads an ONNX classifier in the browser as a `GradientModel` on onnxruntime-web.
 * @example
 * ```ts
 * import { loadModel } from '@axplain/web';
 * const model = await loadModel('/models/mnist-standard/model.onnx', { executionProviders: ['webgpu', 'wasm'] });
 * console.log(model.executionProvider, model.fallbacks, model.cache.status); // 'webgpu' [] 'miss' (then 'hit')
 * const { logits, grad } = await model.vjp(x, cotangent);
 * await model.dispose();
 * ```
 */
export async function loadModel(source: ModelSource, options: WebLoadModelOptions = {}): Promise<OnnxGradientModel> {
  const { compiled, cache, worker, ort, signal, executionProviders, ...rest } = options;
  const neutral: GradientModelOptions = {
    ...rest, executionProviders: executionProviders ?? ['wasm'], checkExecutionProviders: checkWebExecutionProviders,
  };
  // Option mistakes are reported before anything is fetched.
  checkGradientModelOptions(neutral);
  applyOrtSettings(ort);
  const model = await readModelSource(source, 'model', signal);
  const pre = compiled === undefined ? undefined : await readModelSource(compiled, 'pre-compiled graph', signal);
  const store = cache === false ? undefined : cache === true || cache === undefined ? indexedDbStore() : cache;
  const compileGraph = worker === false ? async (b: Uint8Array, o: GradientCompileOptions) => compileGradient(b, o) : (b: Uint8Array, o: GradientCompileOptions) => compileInWorker(b, o, signal);
  const compile = pre
    ? (bytes: Uint8Array, o: GradientCompileOptions) => ({ compiled: adoptCompiledGradient(bytes, pre.bytes, o, pre.name), cache: { status: 'off' as const } })
    : (bytes: Uint8Array, o: GradientCompileOptions) => compileWithStore(bytes, o, store, compileGraph);
  return createGradientModel(model.bytes, webRuntime, { ...neutral, source: model.name, compile });
}
