/** Saliency (Simonyan et al. 2014): the gradient of the target logit with respect to the input. */
import { checkInternalBatchSize } from '../batching.js';
import type { GradientModel } from '../gradient-model.js';
import type { Tensor } from '../tensor.js';
import { attributionTargets, checkAttributionInput, targetGradients } from './common.js';
import type { AttributionOptions, AttributionResult } from './types.js';

export interface SaliencyOptions extends AttributionOptions {
  /**
   * Return |gradient| instead of the signed gradient. Captum's `Saliency` defaults to `abs=True`;
   * axplain keeps the sign by default (taking |.| is a visualisation choice). @defaultValue false
   */
  abs?: boolean;
}

/**
 * d f_y(x) / dx for every sample (f: logits, y: the target class). One batched vjp with a one-hot
 * cotangent, plus one batched logits pass when the target is `'predicted'`.
 * @example
 * import { saliency } from '@axplain/core';
 * import { LinearModel } from '@axplain/core/testing';
 * const model = new LinearModel([2], 2, Float32Array.of(1, 2, 3, 4));
 * const { attribution } = await saliency(model, { data: Float32Array.of(1, 1), shape: [1, 2] }, { target: 1 });
 * attribution.data; // Float32Array [3, 4]: row 1 of W
 */
export async function saliency(model: GradientModel, x: Tensor, options: SaliencyOptions = {}): Promise<AttributionResult> {
  checkAttributionInput(model, x);
  const batching = { internalBatchSize: checkInternalBatchSize(options.internalBatchSize), signal: options.signal };
  const targets = await attributionTargets(model, x, options.target, batching);
  const grad = await targetGradients(model, x, targets, batching);
  const data = options.abs ? grad.data.map(Math.abs) : grad.data;
  return { attribution: { data, shape: [...x.shape] }, targets };
}
