/**
 * onnxruntime-web as the runtime of @axplain/ort: its session and tensor classes, the EPs this
 * browser can offer, and why an EP cannot start, in words a page can show.
 */
import {
  checkExecutionProviderList, describeStartFailure, ExecutionProviderError, type ExecutionProviderFailure, executionProviderName, type ExecutionProviderConfig, type OrtRuntime,
  UnknownExecutionProviderError,
} from '@axplain/ort';
import * as ort from 'onnxruntime-web';

/** The EP names @axplain/web drives. */
export type WebExecutionProviderName = 'wasm' | 'webgpu' | 'webnn';

/** Every EP name onnxruntime-web 1.30's default bundle takes. */
export const WEB_EXECUTION_PROVIDERS: readonly WebExecutionProviderName[] = Object.freeze(['wasm', 'webgpu', 'webnn'] as const);

/** What each EP needs from the browser, said when it cannot start. */
const NEEDS: Readonly<Record<WebExecutionProviderName, string>> = Object.freeze({
  wasm: 'WebAssembly (every current browser)',
  webgpu: 'WebGPU (navigator.gpu: Chrome/Edge 113+, Safari 26+, Firefox 141+ on Windows) in a secure context (https or localhost)',
  webnn: 'WebNN (navigator.ml, behind a flag in Chrome/Edge)',
});

/** Names that are EPs of other runtimes. */
const ELSEWHERE: Readonly<Record<string, string>> = Object.freeze({
  cpu: "the CPU EP of onnxruntime-node; in the browser use 'wasm'",
  cuda: "an onnxruntime-node EP; in the browser use 'webgpu'",
  dml: "an onnxruntime-node EP; in the browser use 'webgpu'",
  webgl: "onnxruntime-web's WebGL EP lacks most gradient ops; use 'webgpu' or 'wasm'",
});

interface BrowserGlobals {
  navigator?: { gpu?: unknown; ml?: unknown };
  isSecureContext?: boolean;
}

/** The EPs this page can try: wasm always, webgpu and webnn when the browser exposes them. */
export function availableWebExecutionProviders(g: BrowserGlobals = globalThis as BrowserGlobals): WebExecutionProviderName[] {
  const eps: WebExecutionProviderName[] = ['wasm'];
  if (g.navigator?.gpu) eps.unshift('webgpu');
  if (g.navigator?.ml) eps.push('webnn');
  return eps;
}

/**
 * Checks the `executionProviders` option: a non-empty array of names or `{ name }` objects, every
 * name one of onnxruntime-web's.
 * @example checkWebExecutionProviders(['webgpu', 'wasm'])
 */
export function checkWebExecutionProviders(eps: unknown): ExecutionProviderConfig[] {
  for (const ep of checkExecutionProviderList(eps)) {
    const name = executionProviderName(ep)!;
    if (!(WEB_EXECUTION_PROVIDERS as readonly string[]).includes(name))
      throw new UnknownExecutionProviderError(name, WEB_EXECUTION_PROVIDERS, ELSEWHERE[name.toLowerCase()] ?? '', 'onnxruntime-web');
  }
  return eps as ExecutionProviderConfig[];
}

/** Why an EP cannot be used in this browser before trying it; `undefined` when it may work. */
export function webUnavailableReason(name: string, g: BrowserGlobals = globalThis as BrowserGlobals): string | undefined {
  if (availableWebExecutionProviders(g).includes(name as WebExecutionProviderName)) return undefined;
  const secure = name === 'webgpu' && g.isSecureContext === false ? '; this page is not a secure context (serve it over https or from localhost)' : '';
  return `not available in this browser: it needs ${NEEDS[name as WebExecutionProviderName] ?? 'a build of onnxruntime-web that includes it'}${secure}`;
}

/**
 * The runtime every model of @axplain/web runs on.
 * @example await createGradientModel(bytes, webRuntime, { executionProviders: ['webgpu', 'wasm'] });
 */
export const webRuntime: OrtRuntime = Object.freeze({
  name: 'onnxruntime-web 1.30',
  InferenceSession: ort.InferenceSession,
  Tensor: ort.Tensor,
  availableExecutionProviders: () => availableWebExecutionProviders(),
  unavailableReason: (name: string) => webUnavailableReason(name),
  startFailureReason: (name: string, error: unknown) => describeStartFailure(name, error, NEEDS[name as WebExecutionProviderName]),
  noExecutionProvider: (failures: readonly ExecutionProviderFailure[], available: readonly string[]) =>
    new ExecutionProviderError(failures, available, 'onnxruntime-web 1.30', 'wasm'),
});
