/** Gradient x Input (Shrikumar et al. 2016): the input times the saliency of the target logit. */
import { checkInternalBatchSize } from '../batching.js';
import type { GradientModel } from '../gradient-model.js';
import type { Tensor } from '../tensor.js';
import { attributionTargets, checkAttributionInput, targetGradients } from './common.js';
import type { AttributionOptions, AttributionResult } from './types.js';

/** Options of {@link gradientXInput}: the common ones (target, batching, signal). */
export type GradientXInputOptions = AttributionOptions;

/**
 * x * d f_y(x) / dx, elementwise. For an affine model it is the contribution of each input value
 * to the logit (relative to a zero input); it equals IG with a zero baseline there.
 * @example
 * import { gradientXInput } from '@axplain/core';
 * import { LinearModel } from '@axplain/core/testing';
 * const model = new LinearModel([2], 2, Float32Array.of(1, 2, 3, 4));
 * const { attribution } = await gradientXInput(model, { data: Float32Array.of(2, -1), shape: [1, 2] }, { target: 1 });
 * attribution.data; // Float32Array [6, -4]
 */
export async function gradientXInput(model: GradientModel, x: Tensor, options: GradientXInputOptions = {}): Promise<AttributionResult> {
  checkAttributionInput(model, x);
  const batching = { internalBatchSize: checkInternalBatchSize(options.internalBatchSize), signal: options.signal };
  const targets = await attributionTargets(model, x, options.target, batching);
  const grad = await targetGradients(model, x, targets, batching);
  const data = grad.data.map((g, i) => g * x.data[i]!);
  return { attribution: { data, shape: [...x.shape] }, targets };
}
