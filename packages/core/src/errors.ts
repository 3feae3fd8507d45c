/**
 * Typed errors with structured fields. `AxplainError.isInstance` works across copies of the
 * package (a `Symbol.for` marker, not `instanceof`), as the onnx package's errors do.
 */
const MARKER = Symbol.for('axplain.error');

export class AxplainError extends Error {
  readonly [MARKER] = true;
  constructor(message: string, readonly code: string) {
    super(message);
    this.name = new.target.name;
  }
  static isInstance(e: unknown): e is AxplainError {
    return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[MARKER] === true;
  }
}

/** A tensor whose shape does not fit what a model or method expects. */
export class ShapeMismatchError extends AxplainError {
  constructor(readonly what: string, readonly expected: readonly (number | string)[], readonly got: readonly number[], hint = '') {
    super(`${what}: expected shape [${expected.join(', ')}], got [${got.join(', ')}]${hint ? `. ${hint}` : ''}`, 'SHAPE_MISMATCH');
  }
}

/** A target class that is not an index of the model's logits. */
export class TargetError extends AxplainError {
  constructor(message: string) { super(message, 'TARGET'); }
}
