/**
 * The checks of options and flags, with the messages users see. Every method, adapter and CLI
 * validates through these, so one mistake reads the same wherever it is made:
 * `steps: must be an integer >= 1, got 0`. Range failures are `RangeError`s (a value of the
 * right kind outside its domain); an unknown choice is a `RangeError` naming the choices.
 */

export interface IntegerRange {
  /** Smallest allowed value. */
  min?: number;
  /** Largest allowed value. */
  max?: number;
}

/** 'an integer', 'an integer >= 1', 'an integer in 1..9', 'an integer <= 9'. */
export function describeInteger({ min, max }: IntegerRange = {}): string {
  if (min !== undefined && max !== undefined) return `an integer in ${min}..${max}`;
  if (min !== undefined) return `an integer >= ${min}`;
  if (max !== undefined) return `an integer <= ${max}`;
  return 'an integer';
}

/** Whether `value` is an integer within `range`. */
export function isInteger(value: unknown, { min, max }: IntegerRange = {}): value is number {
  return Number.isInteger(value) && (min === undefined || (value as number) >= min) && (max === undefined || (value as number) <= max);
}

/**
 * `value` when it is an integer within `range`; else a RangeError
 * `${name}: must be an integer >= 1, got 0`.
 * @example const steps = checkInteger('steps', options.steps ?? 20, { min: 1 });
 */
export function checkInteger(name: string, value: unknown, range: IntegerRange = {}): number {
  if (!isInteger(value, range)) throw new RangeError(`${name}: must be ${describeInteger(range)}, got ${String(value)}`);
  return value;
}

export interface NumberRange {
  /** value >= min. */
  min?: number;
  /** value <= max. */
  max?: number;
  /** value > above. */
  above?: number;
  /** value < below. */
  below?: number;
}

/** 'a finite number', 'a number > 0', 'a number in (0, 1)', 'a number in [0, 1]', 'a number in (0, 1]'. */
export function describeNumber({ min, max, above, below }: NumberRange = {}): string {
  const lo = min !== undefined ? `[${min}` : above !== undefined ? `(${above}` : undefined;
  const hi = max !== undefined ? `${max}]` : below !== undefined ? `${below})` : undefined;
  if (lo && hi) return `a number in ${lo}, ${hi}`;
  if (lo) return `a number ${min !== undefined ? `>= ${min}` : `> ${above}`}`;
  if (hi) return `a number ${max !== undefined ? `<= ${max}` : `< ${below}`}`;
  return 'a finite number';
}

/** Whether `value` is a finite number within `range`. */
export function isNumberIn(value: unknown, { min, max, above, below }: NumberRange = {}): value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  return (min === undefined || value >= min) && (max === undefined || value <= max)
    && (above === undefined || value > above) && (below === undefined || value < below);
}

/**
 * `value` when it is a finite number within `range`; else a RangeError
 * `${name}: must be a number in (0, 1), got 2`.
 * @example const q = checkNumber('sparsity', options.sparsity ?? 0.995, { above: 0, below: 1 });
 */
export function checkNumber(name: string, value: unknown, range: NumberRange = {}): number {
  if (!isNumberIn(value, range)) throw new RangeError(`${name}: must be ${describeNumber(range)}, got ${String(value)}`);
  return value;
}

/**
 * `value` when it is one of `choices`; else a RangeError
 * `${name}: unknown ${noun} '${value}'; choose one of a, b, c`.
 * @example const mode = checkChoice('render', 'overlay', ['overlay', 'heatmap'] as const, 'mode');
 */
export function checkChoice<const T extends string>(name: string, value: unknown, choices: readonly T[], noun = 'value'): T {
  if (!(choices as readonly unknown[]).includes(value)) throw new RangeError(`${name}: unknown ${noun} '${String(value)}'; choose one of ${choices.join(', ')}`);
  return value as T;
}
