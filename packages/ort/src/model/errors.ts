/**
 * Typed errors of the onnxruntime adapter. Each carries structured fields (the option, the
 * tensor names, the execution providers and why they failed) and a message that says what to do.
 */
import { AxplainError } from '@axplain/core';

/** A tensor named by an option (`input`, `output`) is not in the model. */
export class TensorNotFoundError extends AxplainError {
  constructor(
    /** The option that named the tensor. */
    readonly option: 'input' | 'output',
    readonly tensorName: string,
    /** The names the option may take. */
    readonly available: readonly string[],
    source: string,
  ) {
    super(
      `${source}: no ${option} tensor named '${tensorName}'; the model's ${option}s are: ${available.length ? available.map((a) => `'${a}'`).join(', ') : '(none)'}. ` +
        `Pass one of them as options.${option}`,
      'TENSOR_NOT_FOUND',
    );
  }
}

/**
 * The model's inputs or outputs do not fit a classifier the adapter can drive: no float input,
 * symbolic per-sample dims without `inputShape`, logits that are not [N, C] (or [N, C, 1, 1]),
 * extra inputs it cannot feed.
 */
export class ModelSignatureError extends AxplainError {
  constructor(message: string) {
    super(message, 'MODEL_SIGNATURE');
  }
}

/** Why one execution provider could not be used. */
export interface ExecutionProviderFailure {
  /** The EP's name as onnxruntime spells it ('cuda', 'dml', 'webgpu', 'wasm'...). */
  readonly name: string;
  /** What went wrong: onnxruntime's own message, with a hint where one is known. */
  readonly reason: string;
  /** The error onnxruntime threw, when there was one. */
  readonly cause?: unknown;
}

/** None of the requested execution providers could start (or run the model). */
export class ExecutionProviderError extends AxplainError {
  constructor(
    readonly failures: readonly ExecutionProviderFailure[],
    /** The EPs the runtime offers here. */
    readonly available: readonly string[],
    /** The runtime and where it runs, e.g. 'onnxruntime-node on linux/x64'. */
    runtime = 'onnxruntime',
    /** The runtime's always-there EP, suggested as the last resort ('cpu'; onnxruntime-web: 'wasm'). */
    fallback = 'cpu',
  ) {
    const head =
      failures.length === 1
        ? `execution provider '${failures[0]!.name}' could not start: ${failures[0]!.reason}`
        : `none of the execution providers could start:\n${failures.map((f) => `  - '${f.name}': ${f.reason}`).join('\n')}`;
    const last = fallback === 'cpu' ? 'CPU' : fallback;
    const next = failures.some((f) => f.name === fallback)
      ? `the ${last} EP failed too, so the model itself may not run on this onnxruntime: check it with the ${last} EP alone`
      : `add '${fallback}' at the end of executionProviders to fall back to ${fallback === 'cpu' ? 'the CPU' : `'${fallback}'`}`;
    super(`${head}\n(${runtime} offers: ${available.join(', ')}; ${next})`, 'EXECUTION_PROVIDER');
  }
}

/** An execution provider name the runtime does not know on any platform. */
export class UnknownExecutionProviderError extends AxplainError {
  constructor(
    readonly providerName: string,
    /** Every EP name the runtime knows, on some platform. */
    readonly known: readonly string[],
    hint = '',
    /** The runtime's package, e.g. 'onnxruntime-node'. */
    runtime = 'onnxruntime',
  ) {
    super(
      `executionProviders: unknown execution provider '${providerName}'${hint ? ` (${hint})` : ''}; ` +
        `${runtime} knows: ${known.join(', ')}`,
      'UNKNOWN_EXECUTION_PROVIDER',
    );
  }
}

/** A call on a model whose sessions were released by `dispose()`. */
export class ModelDisposedError extends AxplainError {
  constructor(readonly method: string) {
    super(`${method}(): the model was disposed; load it again with loadModel()`, 'MODEL_DISPOSED');
  }
}

/**
 * A value for an input that is not explained (`feeds`, `--feed`) does not fit: an unknown input,
 * a shape that differs from the declared one, a type the adapter cannot feed, or an integer input
 * with no value given.
 */
export class FeedError extends AxplainError {
  constructor(
    /** The graph input the value is for. */
    readonly inputName: string,
    message: string,
  ) {
    super(message, 'FEED');
  }
}
