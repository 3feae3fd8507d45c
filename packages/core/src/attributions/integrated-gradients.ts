/**
 * Integrated Gradients (Sundararajan et al. 2017): (x - x0) times the path integral of the target
 * logit's gradient along the straight line from the baseline x0 to x, by quadrature. The
 * samples x steps interpolated inputs are built chunk by chunk, so memory stays bounded by
 * `internalBatchSize` rows whatever the number of steps.
 */
import { checkInternalBatchSize, forEachChunk, mapChunks } from '../batching.js';
import type { GradientModel } from '../gradient-model.js';
import { oneHot } from '../losses/one-hot.js';
import { resolveTargets } from '../targets.js';
import { numel, type Tensor } from '../tensor.js';
import { resolveBaseline, type Baseline } from './baselines.js';
import { checkInteger } from '../validate.js';
import { checkAttributionInput, checkQuotedChoice } from './common.js';
import { INTEGRATION_METHODS, quadrature, type IntegrationMethod } from './quadrature.js';
import type { AttributionOptions, AttributionResult } from './types.js';

export interface IntegratedGradientsOptions extends AttributionOptions {
  /** Where the path starts; see {@link Baseline}. @defaultValue 'zeros' */
  baseline?: Baseline;
  /** Quadrature points (gradient evaluations) per sample. @defaultValue 50 */
  steps?: number;
  /**
   * Quadrature rule (Captum's names). Gauss-Legendre is exact for smooth, polynomial-like paths;
   * through a ReLU network the integrand is piecewise constant and every rule converges at
   * O(1/steps), so watch `delta`. @defaultValue 'gausslegendre'
   */
  method?: IntegrationMethod;
  /** Called after every model call of the path: `step` calls of `steps` are done (progress bars). */
  onStep?: (info: { step: number; steps: number }) => void;
}

export interface IntegratedGradientsResult extends AttributionResult {
  /**
   * Completeness gap per sample: sum(attribution) - (f_y(x) - f_y(x0)). Near 0 when the steps
   * resolve the path; a large gap asks for more steps.
   */
  delta: Float32Array;
  /** The baseline used, [N, ...inputShape]. */
  baseline: Tensor;
  /** f_y(x), the target logit of each input. */
  inputScores: Float32Array;
  /** f_y(x0), the target logit of each baseline. */
  baselineScores: Float32Array;
}

/**
 * IG_i = (x_i - x0_i) * sum_k w_k d f_y(x0 + a_k (x - x0)) / dx_i, with the nodes a_k and weights
 * w_k of `method`. Model calls: ceil(N * steps / internalBatchSize) vjps for the path and
 * ceil(2N / internalBatchSize) logits passes for f(x) and f(x0).
 * @example
 * import { integratedGradients } from '@axplain/core';
 * import { LinearModel } from '@axplain/core/testing';
 * const model = new LinearModel([2], 2, Float32Array.of(1, 2, 3, 4));
 * const x = { data: Float32Array.of(1, 2), shape: [1, 2] };
 * const { attribution, delta } = await integratedGradients(model, x, { target: 1, baseline: 0, steps: 16 });
 * attribution.data; // Float32Array [3, 8] = (x - 0) * W[1]; delta[0] ~ 0
 */
export async function integratedGradients(model: GradientModel, x: Tensor, options: IntegratedGradientsOptions = {}): Promise<IntegratedGradientsResult> {
  const n = checkAttributionInput(model, x);
  const steps = checkInteger('steps', options.steps ?? 50, { min: 1 });
  const method = checkQuotedChoice('method', options.method ?? 'gausslegendre', INTEGRATION_METHODS);
  const { alphas, weights } = quadrature(method, steps);
  const internalBatchSize = checkInternalBatchSize(options.internalBatchSize);
  const signal = options.signal;
  const target = options.target ?? 'predicted';
  // Explicit targets fail before any model call.
  const explicit = target === 'predicted' ? undefined : resolveTargets(target, n, model.classes);
  const x0 = resolveBaseline(options.baseline, x, model.inputShape);
  const d = numel(model.inputShape);
  const classes = model.classes;

  // Endpoint logits: rows 0..N-1 are x, N..2N-1 the baselines (virtual rows, no concatenation).
  const endpoints = await mapChunks(2 * n, (start, end) => {
    const data = new Float32Array((end - start) * d);
    for (let r = start; r < end; r++) {
      const src = r < n ? x.data : x0.data;
      const s = r % n;
      data.set(src.subarray(s * d, (s + 1) * d), (r - start) * d);
    }
    return { data, shape: [end - start, ...model.inputShape] };
  }, (chunk) => model.logits(chunk), { internalBatchSize, signal });
  if (endpoints.shape[1] !== classes)
    throw new RangeError(`integratedGradients: the model returned logits of shape [${endpoints.shape.join(', ')}], expected [${2 * n}, ${classes}]`);
  const targets = explicit ?? resolveTargets('predicted', n, classes, { data: endpoints.data.subarray(0, n * classes), shape: [n, classes] });

  // Path rows, sample-major: row r is sample floor(r / steps) at node r % steps. Each sample's
  // nodes are accumulated in ascending order whatever the chunking, so results do not depend on
  // internalBatchSize.
  const total = n * steps;
  const acc = new Float64Array(n * d);
  const buffer = new Float32Array(Math.min(internalBatchSize, total) * d);
  await forEachChunk(total, { internalBatchSize, signal, onStep: options.onStep }, async (start, end) => {
    const rows = end - start;
    const rowTargets = new Int32Array(rows);
    for (let r = start; r < end; r++) {
      const s = Math.floor(r / steps);
      const a = alphas[r % steps]!;
      const o = (r - start) * d;
      for (let i = 0; i < d; i++) {
        const b = x0.data[s * d + i]!;
        buffer[o + i] = b + a * (x.data[s * d + i]! - b);
      }
      rowTargets[r - start] = targets[s]!;
    }
    const input = { data: buffer.subarray(0, rows * d), shape: [rows, ...model.inputShape] };
    const { grad } = await model.vjp(input, oneHot(rowTargets, classes));
    if (grad.data.length !== rows * d)
      throw new RangeError(`integratedGradients: the model returned a gradient of shape [${grad.shape.join(', ')}] for an input of shape [${input.shape.join(', ')}]`);
    for (let r = start; r < end; r++) {
      const s = Math.floor(r / steps);
      const w = weights[r % steps]!;
      const o = (r - start) * d;
      for (let i = 0; i < d; i++) acc[s * d + i]! += w * grad.data[o + i]!;
    }
  });

  const attribution = new Float32Array(n * d);
  const delta = new Float32Array(n);
  const inputScores = new Float32Array(n);
  const baselineScores = new Float32Array(n);
  for (let s = 0; s < n; s++) {
    let sum = 0;
    for (let i = s * d; i < (s + 1) * d; i++) {
      const v = (x.data[i]! - x0.data[i]!) * acc[i]!;
      attribution[i] = v;
      sum += v;
    }
    const fx = endpoints.data[s * classes + targets[s]!]!;
    const fx0 = endpoints.data[(n + s) * classes + targets[s]!]!;
    inputScores[s] = fx;
    baselineScores[s] = fx0;
    delta[s] = sum - (fx - fx0);
  }
  return { attribution: { data: attribution, shape: [...x.shape] }, targets, delta, baseline: x0, inputScores, baselineScores };
}
