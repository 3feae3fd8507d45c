/** Softmax cross-entropy and log-probability as losses of the logits. */
import type { Tensor } from '../tensor.js';
import type { LossResult } from './loss.js';
import { logSoftmax, softmax } from './softmax.js';

/**
 * CE(z, y) = logsumexp(z) - z_y per sample; cotangent softmax(z) - onehot(y).
 * @example crossEntropy(logits, Int32Array.of(3)).cotangent // feed to model.vjp
 */
export function crossEntropy(logits: Tensor, y: ArrayLike<number>): LossResult {
  const [n, c] = logits.shape as [number, number];
  const p = softmax(logits).data;
  const lp = logSoftmax(logits).data;
  const value = new Float32Array(n);
  const ct = Float32Array.from(p);
  for (let i = 0; i < n; i++) {
    value[i] = -lp[i * c + y[i]!]!;
    ct[i * c + y[i]!]! -= 1;
  }
  return { value, cotangent: { data: ct, shape: [n, c] } };
}

/** log softmax(z)_y per sample (= -CE); cotangent onehot(y) - softmax(z). */
export function logProbability(logits: Tensor, y: ArrayLike<number>): LossResult {
  const ce = crossEntropy(logits, y);
  return { value: ce.value.map((v) => -v), cotangent: { data: ce.cotangent.data.map((v) => -v), shape: ce.cotangent.shape } };
}
