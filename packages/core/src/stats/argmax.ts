/**
 * Index (from `start`) of the largest of `values[start..end)`, the first on ties.
 * @example argmax([0.1, 0.7, 0.7]) // 1
 * @example argmax([5, 0, 9, 9], 1, 3) // 1 (the 9 at index 2)
 */
export function argmax(values: ArrayLike<number>, start = 0, end = values.length): number {
  if (!(end > start)) throw new RangeError(`argmax: the range ${start}..${end} holds no values`);
  let best = start;
  for (let i = start + 1; i < end; i++) if (values[i]! > values[best]!) best = i;
  return best - start;
}
