/**
 * Options and result shared by every attribution method. Methods are written against
 * `GradientModel` only; the gradient of the target logit is one vjp with a one-hot cotangent.
 */
import type { GradientModel } from '../gradient-model.js';
import type { Target } from '../targets.js';
import type { Tensor } from '../tensor.js';

export interface AttributionOptions {
  /** Class to explain: one for all samples, one per sample, or each sample's argmax. @defaultValue 'predicted' */
  target?: Target;
  /**
   * Most samples per model call. Methods that expand the batch (IG steps, SmoothGrad noise
   * draws) chunk the expanded rows by this size, so peak memory is one chunk. Changes the number
   * of model calls, never the result. @defaultValue 64
   */
  internalBatchSize?: number;
  /** Checked before every model call; aborting rejects with an `AbortError`-named error. */
  signal?: AbortSignal;
}

export interface AttributionResult {
  /** One attribution per input value, shaped like the input [N, ...inputShape]. */
  attribution: Tensor;
  /** The class explained for each sample (resolved from `target`). */
  targets: Int32Array;
}

/**
 * Any gradient attribution method: `saliency`, `gradientXInput`, `integratedGradients`, or your
 * own. `smoothGrad` wraps any of them.
 */
export type AttributionMethod<O extends AttributionOptions = AttributionOptions, R extends AttributionResult = AttributionResult> = (
  model: GradientModel,
  x: Tensor,
  options?: O,
) => Promise<R>;
