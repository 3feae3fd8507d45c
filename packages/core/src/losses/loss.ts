/**
 * A loss of the logits, per sample, with its derivative: `cotangent[n, c]` = d value[n] / d z[n, c].
 * One `vjp(x, cotangent)` then gives d value / dx for every sample of the batch at once.
 */
import type { Tensor } from '../tensor.js';

export interface LossResult {
  /** One value per sample. */
  value: Float32Array;
  /** d value[n] / d logits[n, :], shaped [N, C]. */
  cotangent: Tensor;
}
