/** Cotangent selecting one logit per sample: sum(cotangent * f) = sum_n f_n[y_n]. */
import type { Tensor } from '../tensor.js';

/**
 * [N, classes] with `scale` at (n, y[n]) and zeros elsewhere.
 * @example oneHot(Int32Array.of(2), 3) // [[0, 0, 1]]
 */
export function oneHot(y: ArrayLike<number>, classes: number, scale = 1): Tensor {
  const data = new Float32Array(y.length * classes);
  for (let n = 0; n < y.length; n++) data[n * classes + y[n]!] = scale;
  return { data, shape: [y.length, classes] };
}
