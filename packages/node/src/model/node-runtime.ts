/**
 * onnxruntime-node as the runtime of @axplain/ort: its session and tensor classes, the EPs its
 * binary registers here, and the node shell's reasons and error for EPs that cannot start.
 */
import { type ExecutionProviderFailure, type OrtRuntime } from '@axplain/ort';
import * as ort from 'onnxruntime-node';
import { ExecutionProviderError, runtimeName } from './errors.js';
import { availableExecutionProviders, startFailureReason, unavailableReason } from './execution-providers.js';

/**
 * The runtime every model and training session of @axplain/node runs on.
 * @example await createGradientModel(bytes, nodeRuntime, { executionProviders: ['cuda', 'cpu'] });
 */
export const nodeRuntime: OrtRuntime = Object.freeze({
  name: runtimeName(),
  InferenceSession: ort.InferenceSession,
  Tensor: ort.Tensor,
  availableExecutionProviders: () => availableExecutionProviders().map((b) => b.name),
  unavailableReason,
  startFailureReason,
  noExecutionProvider: (failures: readonly ExecutionProviderFailure[], available: readonly string[]) => new ExecutionProviderError(failures, available),
});
