/**
 * Typed errors of @axplain/onnx. Every error carries structured fields so callers can react
 * programmatically, and a message that says what to do next.
 */
const MARKER = Symbol.for('axplain.error');

/** Base class of every error axplain throws on purpose. */
export class AxplainError extends Error {
  readonly [MARKER] = true;
  /** Stable machine-readable code, e.g. `UNSUPPORTED_OP`. */
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
  /** True for axplain errors, also across duplicated copies of the package. */
  static isInstance(e: unknown): e is AxplainError {
    return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[MARKER] === true;
  }
}

/** The model file itself cannot be used (corrupt protobuf, external data, missing graph...). */
export class ModelFormatError extends AxplainError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MODEL_FORMAT', message, options);
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
    super('UNSUPPORTED_OP', `${where}: ${why}.${list}`);
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
    super('SHAPE_INFERENCE', `tensor '${tensor}': ${message}`);
    this.tensor = tensor;
  }
}

/** Bad compile options (unknown tensor in `wrt`/`of`, non-float tensor...). */
export class CompileOptionError extends AxplainError {
  readonly option: string;
  constructor(option: string, message: string) {
    super('COMPILE_OPTION', `option '${option}': ${message}`);
    this.option = option;
  }
}

/** A gradient rule produced a cotangent of the wrong shape or type: a bug in the rule. */
export class RuleContractError extends AxplainError {
  constructor(message: string) {
    super('RULE_CONTRACT', message);
  }
}
