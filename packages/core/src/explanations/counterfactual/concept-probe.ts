/**
 * Concept probing (Roberts & Tsiligkaridis 2021): start from meaningless grey noise and let a
 * sparse Frank-Wolfe perturbation push it towards a class; what appears is what the model
 * associates with that class.
 */
import { TargetError } from '../../errors.js';
import type { GradientModel } from '../../gradient-model.js';
import { Rng } from '../../rng.js';
import { numel, type Tensor } from '../../tensor.js';
import { boxBounds } from '../../attacks/result.js';
import { checkNumber, isInteger } from '../../validate.js';
import { sparseFrankWolfePath, type SparsePathOptions, type SparsePathResult } from './sparse-frank-wolfe-path.js';

export interface ConceptProbeOptions extends SparsePathOptions {
  /** Frank-Wolfe steps (probing needs many). @defaultValue 200 */
  steps?: number;
  /** Grey level of the start, in the model's input units. @defaultValue 0.5 */
  grey?: number;
  /** Half-width of the uniform noise added to the grey start (from `seed`). @defaultValue 0.1 */
  noise?: number;
}

export interface ConceptProbeResult extends SparsePathResult {
  /** The noisy grey start of every probe, [N, ...inputShape] (clipped to the box). */
  start: Tensor;
}

/**
 * One probe per class in `classes`: start = clip_box(grey + U(-noise, noise)) per value (seeded),
 * then {@link sparseFrankWolfePath} towards the class for `steps` steps. Deterministic given
 * `seed`; the probes are batched. Read `counterfactual` (the probe image) and `perturbation`.
 * @example
 * import { conceptProbe } from '@axplain/core';
 * import { LinearModel } from '@axplain/core/testing';
 * const model = new LinearModel([4], 2, Float32Array.of(1, 0, 0, 0, 0, 0, 0, 1));
 * const r = await conceptProbe(model, [0, 1], { k: 2, eps: 2, steps: 50, seed: 7 });
 * r.counterfactual.data; // probe 0: x_0 up, x_3 down; probe 1: x_0 down, x_3 up; x_1, x_2 untouched
 */
export async function conceptProbe(model: GradientModel, classes: number | readonly number[], options: ConceptProbeOptions = {}): Promise<ConceptProbeResult> {
  const list = typeof classes === 'number' ? [classes] : [...classes];
  if (list.length === 0) throw new RangeError('classes: give at least one class to probe');
  for (const c of list)
    if (!isInteger(c, { min: 0, max: model.classes - 1 })) throw new TargetError(`classes: ${c} is not a class index of this model (0..${model.classes - 1})`);
  const grey = checkNumber('grey', options.grey ?? 0.5);
  const noise = checkNumber('noise', options.noise ?? 0.1, { min: 0 });
  const n = list.length;
  const shape = [n, ...model.inputShape];
  const rng = new Rng(options.seed ?? 0);
  const { lo, hi } = boxBounds(options.box, shape);
  const data = new Float32Array(n * numel(model.inputShape));
  for (let i = 0; i < data.length; i++) data[i] = Math.min(hi[i]!, Math.max(lo[i]!, grey + rng.uniform(-noise, noise)));
  const start: Tensor = { data, shape };
  // The jitter stream is seeded apart from the start's noise (seed + 1), so both stay reproducible.
  const r = await sparseFrankWolfePath(model, start, Int32Array.from(list), { ...options, steps: options.steps ?? 200, seed: (options.seed ?? 0) + 1 });
  return { ...r, start };
}
