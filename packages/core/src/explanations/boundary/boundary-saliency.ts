/** Boundary-based Saliency Map (BSM, Wang et al.): the saliency of the explained class at the boundary point. */
import { checkInternalBatchSize } from '../../batching.js';
import { attributionTargets, checkAttributionInput, targetGradients } from '../../attributions/common.js';
import type { GradientModel } from '../../gradient-model.js';
import type { Tensor } from '../../tensor.js';
import { findBoundary, notFoundPolicy, type BoundaryAttributionResult, type BoundaryOptions } from './boundary-search.js';

/** Options of {@link boundarySaliency}: target, batching, the boundary search and the not-found policy. */
export type BoundarySaliencyOptions = BoundaryOptions;

/**
 * BSM(x) = d f_y / dx evaluated at x', the closest point (in the search norm, L2 by default) that
 * the model no longer assigns to y; y is the ORIGINAL class (by default the prediction at x).
 * x' comes from `closestAdversarial` (PGD/APGD eps ladders, CW, FMN; widened once for samples
 * nothing fooled) or from `options.boundary`. Samples without a boundary point get the
 * `onNotFound` policy: zeros (default), the saliency at x, or a {@link BoundaryNotFoundError};
 * `found` says which. The gradient pass is one batched vjp over x' (x for the not-found rows).
 * @example
 * import { boundarySaliency } from '@axplain/core';
 * import { LinearModel } from '@axplain/core/testing';
 * const model = new LinearModel([2], 2, Float32Array.of(1, 0, 0, 1));
 * const r = await boundarySaliency(model, { data: Float32Array.of(0.6, 0.4), shape: [1, 2] });
 * r.attribution.data; // Float32Array [1, 0]: row 0 of W (an affine model's gradient is constant)
 * r.found[0]; // 1; r.boundary is about [0.5, 0.5]
 */
export async function boundarySaliency(model: GradientModel, x: Tensor, options: BoundarySaliencyOptions = {}): Promise<BoundaryAttributionResult> {
  const n = checkAttributionInput(model, x);
  const onNotFound = notFoundPolicy(options.onNotFound);
  const batching = { internalBatchSize: checkInternalBatchSize(options.internalBatchSize), signal: options.signal };
  const targets = await attributionTargets(model, x, options.target, batching);
  const { boundary, found, distance, member } = await findBoundary(model, x, targets, options, 'boundarySaliency');
  // Not-found rows of `boundary` are x itself, so this is the saliency at x there ('saliency' policy).
  const grad = await targetGradients(model, boundary, targets, batching);
  const data = Float32Array.from(grad.data);
  if (onNotFound === 'zeros') {
    const d = data.length / n;
    for (let s = 0; s < n; s++) if (!found[s]) data.fill(0, s * d, (s + 1) * d);
  }
  return { attribution: { data, shape: [...x.shape] }, targets, boundary, found, distance, member, onNotFound };
}
