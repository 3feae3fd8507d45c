/** The one check every statistic makes of its sample: non-empty, every value finite. */
export function checkFinite(values: ArrayLike<number>, name: string): void {
  if (values.length === 0) throw new RangeError(`${name}: no values`);
  for (let i = 0; i < values.length; i++)
    if (!Number.isFinite(values[i]!)) throw new RangeError(`${name}: value ${i} is ${values[i]}; all values must be finite`);
}
