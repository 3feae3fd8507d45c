/**
 * onnxruntime-node sessions for the adapter: one session per EP attempt (never a multi-EP list,
 * which onnxruntime-common silently prunes to the EPs it can resolve), explicit fallback with
 * every failure recorded, and float32 runs with plain arrays in and out.
 */
import { AxplainError } from '@axplain/core';
import * as ort from 'onnxruntime-node';
import { ExecutionProviderError, type ExecutionProviderFailure, ModelSignatureError } from './errors.js';
import { availableExecutionProviders, type ExecutionProviderConfig, providerName, startFailureReason, unavailableReason } from './execution-providers.js';

/** Session options passed through to onnxruntime-node (the EPs are chosen by the adapter). */
export type AdapterSessionOptions = Omit<ort.InferenceSession.SessionOptions, 'executionProviders'>;

/** Float32 data and its dims. */
export interface FloatArray {
  data: Float32Array;
  dims: readonly number[];
}

/**
 * Creates a session on exactly one EP. `logSeverityLevel` defaults to 3 (errors only).
 * @example const session = await createSession(bytes, 'cpu', { intraOpNumThreads: 2 });
 */
export function createSession(bytes: Uint8Array, ep: ExecutionProviderConfig, options: AdapterSessionOptions = {}): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(bytes, { logSeverityLevel: 3, ...options, executionProviders: [ep] });
}

/**
 * Tries each EP in order with `attempt` and returns the first that works, with the failures
 * before it. An `AxplainError` from `attempt` is a problem with the model, not the EP: it is
 * rethrown at once. When every EP fails, one `ExecutionProviderError` lists each and why.
 * @example const { value, provider, fallbacks } = await firstWorking(['cuda', 'cpu'], (ep) => createSession(bytes, ep));
 */
export async function firstWorking<T>(
  eps: readonly ExecutionProviderConfig[], attempt: (ep: ExecutionProviderConfig) => Promise<T>,
): Promise<{ value: T; provider: string; fallbacks: ExecutionProviderFailure[] }> {
  const failures: ExecutionProviderFailure[] = [];
  for (const ep of eps) {
    const name = providerName(ep);
    const missing = unavailableReason(name);
    if (missing) {
      failures.push({ name, reason: missing });
      continue;
    }
    try {
      return { value: await attempt(ep), provider: name, fallbacks: failures };
    } catch (e) {
      if (AxplainError.isInstance(e)) throw e;
      failures.push({ name, reason: startFailureReason(name, e), cause: e });
    }
  }
  throw new ExecutionProviderError(failures, availableExecutionProviders().map((b) => b.name));
}

/**
 * Runs a session on float32 feeds and returns the fetched outputs as float32 arrays.
 * @example const { logits } = await runFloat(session, { x: { data, dims: [1, 4] } }, ['logits']);
 */
export async function runFloat(
  session: ort.InferenceSession, feeds: Record<string, FloatArray>, fetches: readonly string[],
): Promise<Record<string, FloatArray>> {
  const ortFeeds: Record<string, ort.Tensor> = {};
  for (const [name, f] of Object.entries(feeds)) ortFeeds[name] = new ort.Tensor('float32', f.data, [...f.dims]);
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
export async function releaseAll(sessions: readonly (ort.InferenceSession | undefined)[]): Promise<void> {
  for (const s of sessions) await s?.release();
}
