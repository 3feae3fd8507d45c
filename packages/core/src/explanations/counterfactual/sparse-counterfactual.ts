/**
 * Controllably sparse counterfactuals (Roberts & Tsiligkaridis 2021): explain a prediction by the
 * few input values a Frank-Wolfe L1-q perturbation must change to move it to another class.
 */
import { checkAttributionInput } from '../../attributions/common.js';
import { batchedLogits, checkInternalBatchSize } from '../../batching.js';
import type { GradientModel } from '../../gradient-model.js';
import { softmax } from '../../losses/softmax.js';
import { predictions, resolveTargets, type Target } from '../../targets.js';
import type { Tensor } from '../../tensor.js';
import { classesByScore, sparseFrankWolfePath, type SparsePathOptions, type SparsePathResult } from './sparse-frank-wolfe-path.js';

/**
 * The class to move each sample to:
 * - `'auto'`: the true `label` where the model gets the sample wrong (what it takes to be right),
 *   otherwise the runner-up class (second-highest logit at x);
 * - `'runner-up'`: always the runner-up;
 * - a class index (one for all) or one per sample; `'predicted'` pushes further into the predicted
 *   class (the authors' "features behind the mistake" view of an error).
 */
export type CounterfactualTarget = 'auto' | 'runner-up' | Target;

export interface SparseCounterfactualOptions extends SparsePathOptions {
  /** See {@link CounterfactualTarget}. @defaultValue 'auto' */
  target?: CounterfactualTarget;
  /** True labels (one for all or one per sample); used by `'auto'` to detect errors. */
  label?: number | readonly number[];
}

export interface SparseCounterfactualResult extends SparsePathResult {
  /** argmax f(x) per sample. */
  predicted: Int32Array;
  /** softmax f(x), [N, C]. */
  inputProbabilities: Tensor;
}

/**
 * Moves each sample towards its target class by `steps` Frank-Wolfe steps over the L1-q polytope
 * (L1 radius `eps`, k = max(1, floor((1 - q) d)) nonzeros per vertex, gamma_t = 2 / (2 + t)), inside
 * the box. The perturbation is the explanation: the few values it changes (`l0`) are what the
 * model needs to see differently. `success` is recomputed from the returned counterfactual (never
 * assumed); `path` has the class probabilities and L0 along the way. Raising q lowers k and with it
 * the achieved L0 (at most steps x k values move). Best on adversarially trained models, whose
 * perturbations look like the target class.
 * @example
 * import { sparseCounterfactual } from '@axplain/core';
 * import { LinearModel } from '@axplain/core/testing';
 * const model = new LinearModel([4], 2, Float32Array.of(1, 1, 1, 1, 0, 3, 0, 0), Float32Array.of(0, 0.3));
 * const x = { data: Float32Array.of(0.5, 0.5, 0.5, 0.5), shape: [1, 4] };
 * const r = await sparseCounterfactual(model, x, { k: 1, eps: 0.5 });
 * r.targets[0]; // 1 (the runner-up); r.l0[0] === 1: only x_1 moved, up
 * r.success[0]; // 1: x_1 = 1, so f_1 = 3.3 beats f_0 = 2.5
 */
export async function sparseCounterfactual(model: GradientModel, x: Tensor, options: SparseCounterfactualOptions = {}): Promise<SparseCounterfactualResult> {
  const n = checkAttributionInput(model, x);
  const z = await batchedLogits(model, x, { internalBatchSize: checkInternalBatchSize(options.internalBatchSize), signal: options.signal });
  const predicted = predictions(z);
  const target = options.target ?? 'auto';
  if (model.classes < 2 && (target === 'auto' || target === 'runner-up')) throw new RangeError(`target: '${target}' needs a model with at least 2 classes`);
  const labels = options.label === undefined ? undefined : resolveTargets(options.label, n, model.classes);
  let targets: Int32Array;
  if (target === 'auto' || target === 'runner-up') {
    targets = Int32Array.from({ length: n }, (_, s) => {
      if (target === 'auto' && labels && labels[s] !== predicted[s]) return labels[s]!;
      return classesByScore(z, s).find((c) => c !== predicted[s])!;
    });
  } else {
    targets = resolveTargets(target, n, model.classes, z);
  }
  const r = await sparseFrankWolfePath(model, x, targets, options);
  return { ...r, predicted, inputProbabilities: softmax(z) };
}
