/**
 * Execution providers of onnxruntime-node 1.30: a frozen table of what each platform's prebuilt
 * binaries offer, validation of the `executionProviders` option, and the hints that turn
 * onnxruntime's start-up failures into actionable reasons.
 */
import { checkExecutionProviderList, describeStartFailure, executionProviderName, type ExecutionProviderConfig, UnknownExecutionProviderError } from '@axplain/ort';
import * as ort from 'onnxruntime-node';
import { runtimeName } from './errors.js';

/** An EP as onnxruntime-node takes it: a name, or `{ name, ...providerOptions }`. */
export type { ExecutionProviderConfig };

/** The EP names onnxruntime-node 1.30 knows on some platform. */
export type NodeExecutionProviderName = 'cpu' | 'webgpu' | 'cuda' | 'tensorrt' | 'dml' | 'coreml';

/**
 * EPs in onnxruntime-node 1.30's prebuilt binaries, per `${process.platform}-${process.arch}`.
 * 'cuda' and 'tensorrt' need extra binaries (downloaded at install unless
 * `--onnxruntime-node-install=skip`) and an NVIDIA GPU; 'webgpu' needs a GPU adapter. macOS x64
 * and other platforms have no prebuilt binary in 1.30.
 */
export const EXECUTION_PROVIDERS_BY_PLATFORM: Readonly<Record<string, readonly NodeExecutionProviderName[]>> = Object.freeze({
  'linux-x64': Object.freeze(['cpu', 'webgpu', 'cuda', 'tensorrt'] as const),
  'linux-arm64': Object.freeze(['cpu'] as const),
  'win32-x64': Object.freeze(['cpu', 'webgpu', 'dml'] as const),
  'win32-arm64': Object.freeze(['cpu', 'webgpu', 'dml'] as const),
  'darwin-arm64': Object.freeze(['cpu', 'webgpu', 'coreml'] as const),
});

/** Every EP name onnxruntime-node 1.30 knows, on some platform. */
export const KNOWN_EXECUTION_PROVIDERS: readonly NodeExecutionProviderName[] = Object.freeze(['cpu', 'webgpu', 'cuda', 'tensorrt', 'dml', 'coreml'] as const);

/** What each EP needs besides the npm package, said when it fails to start. */
const NEEDS: Readonly<Record<NodeExecutionProviderName, string>> = Object.freeze({
  cpu: 'nothing (always bundled)',
  webgpu: 'a GPU adapter: Vulkan on Linux, Direct3D 12 on Windows, Metal on macOS (without a GPU, a software Vulkan such as SwiftShader)',
  cuda:
    'an NVIDIA GPU, CUDA 12 and cuDNN 9, and the CUDA EP binaries (onnxruntime-node downloads them at install time ' +
    'unless --onnxruntime-node-install=skip is set, as this repository\'s .npmrc does)',
  tensorrt: 'everything the cuda EP needs plus TensorRT',
  dml: 'Windows with Direct3D 12',
  coreml: 'macOS',
});

/** Names that are real onnxruntime EPs, but not onnxruntime-node 1.30's. */
const ELSEWHERE: Readonly<Record<string, string>> = Object.freeze({
  wasm: "an onnxruntime-web EP; in Node use 'cpu'",
  webgl: "an onnxruntime-web EP; in Node use 'webgpu' or 'cpu'",
  webnn: "an onnxruntime-web EP; in Node use 'webgpu' or 'cpu'",
  qnn: "not in onnxruntime-node 1.30's prebuilt binaries",
  xnnpack: "not in onnxruntime-node 1.30's prebuilt binaries",
  openvino: "not in onnxruntime-node 1.30's prebuilt binaries",
  nnapi: 'an Android EP (onnxruntime-react-native)',
  rocm: "not in onnxruntime-node 1.30's prebuilt binaries",
  migraphx: "not in onnxruntime-node 1.30's prebuilt binaries",
});

/**
 * The EPs onnxruntime-node 1.30's prebuilt binaries offer on a platform (the frozen table).
 * @example executionProvidersFor('win32', 'x64') // ['cpu', 'webgpu', 'dml']
 */
export function executionProvidersFor(platform: string = process.platform, arch: string = process.arch): readonly NodeExecutionProviderName[] {
  return EXECUTION_PROVIDERS_BY_PLATFORM[`${platform}-${arch}`] ?? [];
}

/**
 * The EPs the installed onnxruntime-node binary registers here (its own list; `bundled: false`
 * means the EP needs libraries installed separately, e.g. CUDA's).
 * @example availableExecutionProviders() // [{ name: 'cpu', bundled: true }, { name: 'webgpu', bundled: true }, ...]
 */
export function availableExecutionProviders(): readonly { name: string; bundled: boolean }[] {
  return ort.listSupportedBackends().map((b) => ({ name: b.name, bundled: b.bundled }));
}

/**
 * Checks the `executionProviders` option: a non-empty array of names or `{ name }` objects, every
 * name known to onnxruntime-node. Returns the configs unchanged (onnxruntime-node takes them as
 * they are).
 * @example checkExecutionProviders(['cuda', 'cpu'])
 */
export function checkExecutionProviders(eps: unknown): ExecutionProviderConfig[] {
  for (const ep of checkExecutionProviderList(eps)) {
    const name = executionProviderName(ep)!;
    if (!(KNOWN_EXECUTION_PROVIDERS as readonly string[]).includes(name))
      throw new UnknownExecutionProviderError(name, KNOWN_EXECUTION_PROVIDERS, unknownHint(name), 'onnxruntime-node');
  }
  return eps as ExecutionProviderConfig[];
}

function unknownHint(name: string): string {
  const lower = name.toLowerCase();
  if (ELSEWHERE[lower]) return ELSEWHERE[lower]!;
  const stem = lower.replace(/executionprovider$/, '');
  const alias: Record<string, string> = { directml: 'dml', gpu: 'webgpu or cuda', trt: 'tensorrt' };
  const guess = (KNOWN_EXECUTION_PROVIDERS as readonly string[]).find((k) => k === stem) ?? alias[stem];
  return guess ? `did you mean '${guess}'?` : '';
}

/**
 * Why an EP cannot be used on this machine before trying it: the installed binary does not
 * register it. `undefined` when it is registered (it may still fail to start).
 */
export function unavailableReason(name: string): string | undefined {
  const here = availableExecutionProviders().map((b) => b.name);
  if (here.includes(name)) return undefined;
  const platforms = Object.entries(EXECUTION_PROVIDERS_BY_PLATFORM)
    .filter(([, eps]) => (eps as readonly string[]).includes(name))
    .map(([p]) => p);
  return (
    `not available in ${runtimeName()} (it offers ${here.join(', ')}); ` +
    `'${name}' ships for ${platforms.join(', ') || 'no platform'} and needs ${NEEDS[name as NodeExecutionProviderName] ?? 'a build that includes it'}`
  );
}

/** onnxruntime's start-up error for an EP, with what the EP needs when the message shows it is missing. */
export function startFailureReason(name: string, error: unknown): string {
  return describeStartFailure(name, error, NEEDS[name as NodeExecutionProviderName]);
}
