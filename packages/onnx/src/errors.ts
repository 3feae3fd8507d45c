/**
 * Typed errors of @axplain/onnx. Every error carries structured fields so callers can react
 * programmatically, and a message that says what to do next.
 */
import { AxplainError } from '@axplain/core';

export { AxplainError };

/** The model file itself cannot be used (corrupt protobuf, external data, missing graph...). */
export class ModelFormatError extends AxplainError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'MODEL_FORMAT', options);
  }
}

/** An op on the differentiable path has no gradient rule (or no rule for this configuration). */
export class UnsupportedOpError extends AxplainError {
  readonly opType: string;
  readonly nodeName: string;
  readonly nodeIndex: number;
  readonly opset: number;
  constructor(
    info: { opType: string; nodeName: string; nodeIndex: number; opset: number; supported?: readonly string[] },
    detail?: string,
  ) {
    const where = `node #${info.nodeIndex} '${info.nodeName || '(unnamed)'}' (${info.opType}, opset ${info.opset})`;
    const why = detail ?? `op type '${info.opType}' has no gradient rule`;
    const list = info.supported ? ` Supported ops: ${info.supported.join(', ')}.` : '';
    super(`${where}: ${why}.${list}`, 'UNSUPPORTED_OP');
    this.opType = info.opType;
    this.nodeName = info.nodeName;
    this.nodeIndex = info.nodeIndex;
    this.opset = info.opset;
  }
}

/** A shape or type could not be determined where a gradient rule needs it. */
export class ShapeInferenceError extends AxplainError {
  readonly tensor: string;
  constructor(tensor: string, message: string) {
    super(`tensor '${tensor}': ${message}`, 'SHAPE_INFERENCE');
    this.tensor = tensor;
  }
}

/** Bad compile options (unknown tensor in `wrt`/`of`, non-float tensor...). */
export class CompileOptionError extends AxplainError {
  readonly option: string;
  constructor(option: string, message: string) {
    super(`option '${option}': ${message}`, 'COMPILE_OPTION');
    this.option = option;
  }
}

/** A gradient rule produced a cotangent of the wrong shape or type: a bug in the rule. */
export class RuleContractError extends AxplainError {
  constructor(message: string) {
    super(message, 'RULE_CONTRACT');
  }
}

/**
 * `of` depends on a `wrt` tensor only through a tensor that carries no derivative: the gradient
 * would be identically zero, so the compiler refuses instead of returning a silent zero.
 */
export class NonDifferentiablePathError extends AxplainError {
  readonly opType: string;
  readonly nodeName: string;
  readonly nodeIndex: number;
  readonly wrt: string;
  readonly of: string;
  /** Why the derivative stops at that node. */
  readonly reason: string;
  constructor(info: { opType: string; nodeName: string; nodeIndex: number; wrt: string; of: string }, why: string) {
    super(
      `'${info.of}' depends on '${info.wrt}' only through node #${info.nodeIndex} '${info.nodeName || '(unnamed)'}' (${info.opType}), ` +
        `where the derivative stops: ${why}. Its gradient would be identically zero; differentiate another output ` +
        'or tensor, or replace that op with a differentiable one',
      'NON_DIFFERENTIABLE_PATH',
    );
    this.opType = info.opType;
    this.nodeName = info.nodeName;
    this.nodeIndex = info.nodeIndex;
    this.wrt = info.wrt;
    this.of = info.of;
    this.reason = why;
  }
}
