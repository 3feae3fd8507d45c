/** Option validation shared by the segmenters. */

/** Checks a finite number option >= `min` (or > `min` when `strict`), quoting its name. */
export function numberOption(value: number | undefined, name: string, fallback: number, min: number, strict = false): number {
  const v = value ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || (strict ? v <= min : v < min))
    throw new RangeError(`${name}: must be a finite number ${strict ? '>' : '>='} ${min}, got ${value}`);
  return v;
}
