/**
 * The onnxruntime an adapter runs on, passed in by the shell: `@axplain/node` passes
 * onnxruntime-node, `@axplain/web` onnxruntime-web. This package only names onnxruntime-common's
 * types, so it never loads a runtime itself.
 */
import type { InferenceSession, Tensor } from 'onnxruntime-common';
import type { ExecutionProviderFailure } from './errors.js';

/** An execution provider as onnxruntime takes it: a name, or `{ name, ...providerOptions }`. */
export type ExecutionProviderConfig = InferenceSession.ExecutionProviderConfig;

/**
 * What the adapter needs from an onnxruntime package, plus what the shell knows about its EPs.
 * @example
 * ```ts
 * import * as ort from 'onnxruntime-node';
 * const runtime: OrtRuntime = {
 *   name: `onnxruntime-node on ${process.platform}/${process.arch}`,
 *   InferenceSession: ort.InferenceSession, Tensor: ort.Tensor,
 *   availableExecutionProviders: () => ort.listSupportedBackends().map((b) => b.name),
 * };
 * ```
 */
export interface OrtRuntime {
  /** The runtime and where it runs, as messages name it (e.g. 'onnxruntime-node on linux/x64'). */
  readonly name: string;
  readonly InferenceSession: Pick<typeof InferenceSession, 'create'>;
  readonly Tensor: typeof Tensor;
  /** The EP names the runtime registers here. */
  availableExecutionProviders(): readonly string[];
  /** Why an EP cannot be used here before trying it; `undefined` tries it. @defaultValue not in `availableExecutionProviders()` */
  unavailableReason?(name: string): string | undefined;
  /** onnxruntime's start-up error for an EP, turned into a reason. @defaultValue the error's message on one line */
  startFailureReason?(name: string, error: unknown): string;
  /** The error thrown when no EP starts. @defaultValue an `ExecutionProviderError` naming `name` */
  noExecutionProvider?(failures: readonly ExecutionProviderFailure[], available: readonly string[]): Error;
}
