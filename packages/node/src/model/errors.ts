/**
 * Errors of the onnxruntime-node shell: the model file, and the EP failure that names this
 * platform. The adapter's other errors come from @axplain/ort and are re-exported here.
 */
import { AxplainError } from '@axplain/core';
import { ExecutionProviderError as OrtExecutionProviderError, type ExecutionProviderFailure } from '@axplain/ort';

export {
  TensorNotFoundError, ModelSignatureError, FeedError, UnknownExecutionProviderError, ModelDisposedError, type ExecutionProviderFailure,
} from '@axplain/ort';

/** 'onnxruntime-node on linux/x64': the runtime and platform, as messages name them. */
export const runtimeName = (): string => `onnxruntime-node on ${process.platform}/${process.arch}`;

/** None of the requested execution providers could start (or run the model) on onnxruntime-node. */
export class ExecutionProviderError extends OrtExecutionProviderError {
  constructor(failures: readonly ExecutionProviderFailure[], available: readonly string[], runtime = runtimeName()) {
    super(failures, available, runtime);
  }
}

/** The model file cannot be read (missing, a directory). */
export class ModelFileError extends AxplainError {
  constructor(readonly path: string, problem: string) {
    super(`model file '${path}' ${problem}; pass the path of an .onnx file or its bytes`, 'MODEL_FILE');
  }
}
