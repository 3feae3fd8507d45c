/**
 * onnxruntime sessions for the adapter: one session per EP attempt (never a multi-EP list,
 * which onnxruntime-common silently prunes to the EPs it can resolve), explicit fallback with
 * every failure recorded, and float32 runs with plain arrays in and out.
 */
import { AxplainError } from '@axplain/core';
import type { InferenceSession, Tensor } from 'onnxruntime-common';
import type { ExecutionProviderConfig, OrtRuntime } from './runtime.js';
import { ExecutionProviderError, type ExecutionProviderFailure, ModelSignatureError } from './errors.js';
import type { TypedFeed } from './extra-inputs.js';

/** Session options passed through to onnxruntime (the EPs are chosen by the adapter). */
export type AdapterSessionOptions = Omit<InferenceSession.SessionOptions, 'executionProviders'>;

/** The name of an EP config. */
export const providerName = (ep: ExecutionProviderConfig): string => (typeof ep === 'string' ? ep : ep.name);

/**
 * The shape of the `executionProviders` option: a non-empty array of EP names or `{ name }`
 * objects, returned unchanged (onnxruntime takes them as they are). Which names exist is the
 * shell's to check.
 * @example checkExecutionProviderList(['webgpu', 'cpu'])
 */
export function checkExecutionProviderList(eps: unknown): ExecutionProviderConfig[] {
  if (!Array.isArray(eps) || eps.length === 0)
    throw new TypeError(`executionProviders: expected a non-empty array of EP names or { name } objects (e.g. ['cuda', 'cpu']), got ${JSON.stringify(eps)}`);
  for (const ep of eps)
    if (executionProviderName(ep) === undefined) throw new TypeError(`executionProviders: each entry must be an EP name or a { name, ...options } object, got ${JSON.stringify(ep)}`);
  return eps as ExecutionProviderConfig[];
}

/** The name of an `executionProviders` entry, `undefined` when it is neither a name nor a `{ name }` object. */
export function executionProviderName(ep: unknown): string | undefined {
  if (typeof ep === 'string') return ep;
  return typeof ep === 'object' && ep !== null && typeof (ep as { name?: unknown }).name === 'string' ? (ep as { name: string }).name : undefined;
}

/**
 * onnxruntime's start-up error for an EP on one line, with what the EP needs (`need`) when the
 * message shows a library or adapter is missing.
 * @example describeStartFailure('cuda', new Error('Failed to load shared library'), 'CUDA 12') // '...; the 'cuda' EP needs CUDA 12'
 */
export function describeStartFailure(name: string, error: unknown, need?: string): string {
  const msg = (error instanceof Error ? error.message : String(error)).trim().replace(/\s+/g, ' ');
  const missing = /Failed to load shared library|cannot open shared object|Failed to get a WebGPU adapter|No supported adapters|CUDA failure|no CUDA-capable device/i.test(msg);
  return missing && need ? `${msg}; the '${name}' EP needs ${need}` : msg;
}

/** Float32 data and its dims. */
export interface FloatArray {
  data: Float32Array;
  dims: readonly number[];
}

/**
 * Creates a session on exactly one EP. `logSeverityLevel` defaults to 3 (errors only).
 * @example const session = await createSession(runtime, bytes, 'cpu', { intraOpNumThreads: 2 });
 */
export function createSession(
  runtime: OrtRuntime, bytes: Uint8Array, ep: ExecutionProviderConfig, options: AdapterSessionOptions = {},
): Promise<InferenceSession> {
  return runtime.InferenceSession.create(bytes, { logSeverityLevel: 3, ...options, executionProviders: [ep] });
}

/**
 * Tries each EP in order with `attempt` and returns the first that works, with the failures
 * before it. An `AxplainError` from `attempt` is a problem with the model, not the EP: it is
 * rethrown at once. When every EP fails, one `ExecutionProviderError` lists each and why.
 * @example const { value, provider, fallbacks } = await firstWorking(runtime, ['cuda', 'cpu'], (ep) => createSession(runtime, bytes, ep));
 */
export async function firstWorking<T>(
  runtime: OrtRuntime, eps: readonly ExecutionProviderConfig[], attempt: (ep: ExecutionProviderConfig) => Promise<T>,
): Promise<{ value: T; provider: string; fallbacks: ExecutionProviderFailure[] }> {
  const failures: ExecutionProviderFailure[] = [];
  const available = runtime.availableExecutionProviders();
  for (const ep of eps) {
    const name = providerName(ep);
    const missing = runtime.unavailableReason
      ? runtime.unavailableReason(name)
      : available.includes(name) ? undefined : `not available in ${runtime.name} (it offers ${available.join(', ')})`;
    if (missing) {
      failures.push({ name, reason: missing });
      continue;
    }
    try {
      return { value: await attempt(ep), provider: name, fallbacks: failures };
    } catch (e) {
      if (AxplainError.isInstance(e)) throw e;
      failures.push({ name, reason: runtime.startFailureReason?.(name, e) ?? describeStartFailure(name, e), cause: e });
    }
  }
  throw runtime.noExecutionProvider?.(failures, available) ?? new ExecutionProviderError(failures, available, runtime.name);
}

/**
 * Runs a session on float32 feeds (and typed feeds of the extra inputs) and returns the fetched outputs as float32 arrays.
 * @example const { logits } = await runFloat(runtime, session, { x: { data, dims: [1, 4] } }, ['logits']);
 */
export async function runFloat(
  runtime: OrtRuntime, session: InferenceSession, feeds: Record<string, FloatArray | TypedFeed>, fetches: readonly string[],
): Promise<Record<string, FloatArray>> {
  const ortFeeds: Record<string, Tensor> = {};
  for (const [name, f] of Object.entries(feeds))
    ortFeeds[name] = 'type' in f ? new runtime.Tensor(f.type, f.data, [...f.dims]) : new runtime.Tensor('float32', f.data, [...f.dims]);
  const out = await session.run(ortFeeds, [...fetches]);
  const res: Record<string, FloatArray> = {};
  for (const name of fetches) {
    const t = out[name]!;
    if (t.type !== 'float32') throw new ModelSignatureError(`output '${name}' is ${t.type}; the adapter reads float32 outputs only`);
    res[name] = { data: t.data as Float32Array, dims: [...t.dims] };
  }
  return res;
}

/** Releases sessions, ignoring ones already released. */
export async function releaseAll(sessions: readonly (InferenceSession | undefined)[]): Promise<void> {
  for (const s of sessions) await s?.release();
}
