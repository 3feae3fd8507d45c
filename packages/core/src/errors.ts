/**
 * The one base class of every error axplain throws on purpose, in every package: typed
 * subclasses carry structured fields so callers can react programmatically, and a message that
 * says what to do next. `AxplainError.isInstance` works across copies of the package (a
 * `Symbol.for` marker, not `instanceof`).
 */
const MARKER = Symbol.for('axplain.error');

export class AxplainError extends Error {
  readonly [MARKER] = true;
  /**
   * @param message what went wrong, naming the op, node, file, shape or option, and what to do.
   * @param code stable machine-readable code, e.g. `UNSUPPORTED_OP`.
   */
  constructor(message: string, readonly code: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
  /** True for axplain errors, also across duplicated copies of the package. */
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
