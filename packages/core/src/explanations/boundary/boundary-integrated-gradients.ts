/** Boundary-based Integrated Gradients (BIG, Wang et al.): IG from the boundary point x' to x. */
import { checkInternalBatchSize } from '../../batching.js';
import { attributionTargets, checkAttributionInput, checkQuotedChoice, targetGradients } from '../../attributions/common.js';
import { checkInteger } from '../../validate.js';
import { integratedGradients } from '../../attributions/integrated-gradients.js';
import { INTEGRATION_METHODS, type IntegrationMethod } from '../../attributions/quadrature.js';
import type { GradientModel } from '../../gradient-model.js';
import { sliceBatch, concatBatch, type Tensor } from '../../tensor.js';
import { findBoundary, notFoundPolicy, type BoundaryAttributionResult, type BoundaryOptions } from './boundary-search.js';

export interface BoundaryIntegratedGradientsOptions extends BoundaryOptions {
  /** Quadrature points on the path x' -> x (the paper: 20). @defaultValue 20 */
  steps?: number;
  /** Quadrature rule (the paper: Captum's riemann_trapezoid). @defaultValue 'riemann_trapezoid' */
  method?: IntegrationMethod;
  /** Called after every model call of the path. */
  onStep?: (info: { step: number; steps: number }) => void;
}

export interface BoundaryIntegratedGradientsResult extends BoundaryAttributionResult {
  /**
   * Completeness gap per sample: sum(BIG) - (f_y(x) - f_y(x')). 0 for the samples with `found` 0
   * (their attribution is the policy's, not a path integral).
   */
  delta: Float32Array;
  /** f_y(x). */
  inputScores: Float32Array;
  /** f_y(x') (f_y(x) where not found). */
  boundaryScores: Float32Array;
}

/**
 * BIG(x) = (x - x') * sum_k w_k d f_y(x' + a_k (x - x')) / dx: Integrated Gradients with the
 * boundary point as baseline, y the ORIGINAL class. By completeness sum(BIG) ~ f_y(x) - f_y(x'),
 * reported as `delta`. Boundary points come from `closestAdversarial` (see
 * {@link boundarySaliency}); samples without one get the `onNotFound` policy (zeros by default, the
 * saliency at x, or a throw), flagged by `found` 0.
 * @example
 * import { boundaryIntegratedGradients } from '@axplain/core';
 * import { LinearModel } from '@axplain/core/testing';
 * const model = new LinearModel([2], 2, Float32Array.of(1, 0, 0, 1));
 * const r = await boundaryIntegratedGradients(model, { data: Float32Array.of(0.6, 0.4), shape: [1, 2] });
 * r.attribution.data; // about [0.1, 0]: (x - x') * W[0] with x' ~ [0.5, 0.5]
 * r.delta[0]; // ~0: sum(BIG) = f_0(x) - f_0(x')
 */
export async function boundaryIntegratedGradients(
  model: GradientModel, x: Tensor, options: BoundaryIntegratedGradientsOptions = {},
): Promise<BoundaryIntegratedGradientsResult> {
  const n = checkAttributionInput(model, x);
  const onNotFound = notFoundPolicy(options.onNotFound);
  const steps = checkInteger('steps', options.steps ?? 20, { min: 1 });
  const method = checkQuotedChoice('method', options.method ?? 'riemann_trapezoid', INTEGRATION_METHODS);
  const batching = { internalBatchSize: checkInternalBatchSize(options.internalBatchSize), signal: options.signal };
  const targets = await attributionTargets(model, x, options.target, batching);
  const { boundary, found, distance, member } = await findBoundary(model, x, targets, options, 'boundaryIntegratedGradients');
  const ig = await integratedGradients(model, x, {
    ...batching, target: Array.from(targets), baseline: boundary, steps, method, onStep: options.onStep,
  });
  const data = Float32Array.from(ig.attribution.data);
  const delta = Float32Array.from(ig.delta);
  const d = data.length / n;
  const missing: number[] = [];
  for (let s = 0; s < n; s++) if (!found[s]) missing.push(s);
  // Not-found rows have x' = x, so IG already gave exact zeros there; make the policy explicit.
  for (const s of missing) { data.fill(0, s * d, (s + 1) * d); delta[s] = 0; }
  if (onNotFound === 'saliency' && missing.length > 0) {
    const xs = concatBatch(missing.map((s) => sliceBatch(x, s, s + 1)));
    const grad = await targetGradients(model, xs, Int32Array.from(missing, (s) => targets[s]!), batching);
    missing.forEach((s, r) => data.set(grad.data.subarray(r * d, (r + 1) * d), s * d));
  }
  return {
    attribution: { data, shape: [...x.shape] }, targets, boundary, found, distance, member, onNotFound,
    delta, inputScores: ig.inputScores, boundaryScores: ig.baselineScores,
  };
}
