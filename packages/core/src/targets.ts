/**
 * Targets, accepted everywhere a class is chosen: one class index for the whole batch, one
 * index per sample, or `'predicted'` (the argmax of each sample's logits).
 */
import { TargetError } from './errors.js';
import { argmax } from './stats/argmax.js';
import type { Tensor } from './tensor.js';
import { isInteger } from './validate.js';

export type Target = number | readonly number[] | 'predicted';

/** Index of the largest value of row `n` of [N, C] logits (first on ties). */
export function argmaxRow(logits: Tensor, n: number): number {
  const c = logits.shape[1]!;
  return argmax(logits.data, n * c, (n + 1) * c);
}

/** argmax of every row of [N, C] logits. */
export function predictions(logits: Tensor): Int32Array {
  return Int32Array.from({ length: logits.shape[0]! }, (_, n) => argmaxRow(logits, n));
}

/**
 * One class per sample. `logits` ([N, C]) is needed only for `'predicted'`.
 * @example resolveTargets(3, 2, 10) // Int32Array [3, 3]
 */
export function resolveTargets(target: Target, n: number, classes: number, logits?: Tensor): Int32Array {
  if (target === 'predicted') {
    if (!logits) throw new TargetError("target 'predicted' needs the logits");
    return predictions(logits);
  }
  const list = typeof target === 'number' ? new Array<number>(n).fill(target) : [...target];
  if (list.length !== n) throw new TargetError(`target: ${list.length} classes given for a batch of ${n} (give one per sample, one for all, or 'predicted')`);
  for (const t of list)
    if (!isInteger(t, { min: 0, max: classes - 1 }))
      throw new TargetError(`target: class ${t} is not a class index of this model (0..${classes - 1})`);
  return Int32Array.from(list);
}
