/**
 * Named training recipes (what `axplain train --loss` takes) and their defaults, with the choice
 * of weights documented:
 *
 * - `ce`: softmax cross-entropy.
 * - `rrr`: CE + lambda * RRR on the dataset's masks (Ross et al.). Default lambda 10: the
 *   authors' rule (the two terms of similar size) at initialisation — the MLP 50-30 on Decoy
 *   MNIST starts at CE 2.39 and an unweighted RRR term of 0.15; the authors' own 1000 is for their
 *   input scaling and collapses the model to uniform outputs here.
 * - `double-backprop` / `double-backprop-l1`: CE + lambda * 0.5 |dCE/dx|^2 (default lambda 1) or
 *   + lambda * |dCE/dx|_1 (default 0.01: the L1 norm over 784 pixels is ~30x the L2 one).
 * - `weight-decay`: CE + lambda |theta|^2 (default 1e-4).
 * - `l1`: CE + lambda |theta|_1 over every trained parameter — Chalasani et al.'s baseline
 *   (their code regularises all trainable variables with scale 0.01 on a loss summed over batches
 *   of 50, i.e. 2e-4 on our batch-mean loss: the default).
 * - `pgd-linf` / `pgd-l2`: Madry et al.'s adversarial training; defaults are the MNIST recipe
 *   (Linf eps 0.3, 40 steps of 0.01, random start) and L2 eps 2 with 40 steps of 2.5 eps / 40.
 * - `find-another` / `find-another-simultaneous`: see `findAnotherExplanation` (lambda 10, two
 *   rounds) and `trainSimultaneous` (lambda 1).
 */
import { crossEntropy, doubleBackprop, type LossTerm, rightReasons, weightDecay } from '@axplain/onnx';
import type { AdversarialTrainingOptions } from './adversarial-examples.js';

export const LOSS_PRESETS = Object.freeze([
  'ce', 'rrr', 'double-backprop', 'double-backprop-l1', 'weight-decay', 'l1', 'pgd-linf', 'pgd-l2', 'find-another', 'find-another-simultaneous',
] as const);

export type LossPreset = (typeof LOSS_PRESETS)[number];

/** Overrides of a preset's defaults. */
export interface RecipeParams {
  /** Weight of the regulariser (RRR, double backprop, decay, L1, cosine penalty). */
  lambda?: number;
  /** Adversarial budget. */
  eps?: number;
  /** Adversarial ascent steps. */
  steps?: number;
  /** Adversarial step size. */
  stepSize?: number;
}

/** What a preset puts into `train` options, and a plain description for a model card. */
export interface Recipe {
  preset: LossPreset;
  terms: LossTerm[];
  l1?: number;
  adversarial?: AdversarialTrainingOptions;
  /** The regulariser weight used (when the preset has one). */
  lambda?: number;
  /** e.g. `softmax cross-entropy + 10 x RRR (swatch masks)`. */
  description: string;
}

const DEFAULT_LAMBDA: Partial<Record<LossPreset, number>> = {
  rrr: 10, 'double-backprop': 1, 'double-backprop-l1': 0.01, 'weight-decay': 1e-4, l1: 2e-4, 'find-another': 10, 'find-another-simultaneous': 1,
};

/**
 * The loss terms and options of a named recipe.
 * @example recipe('pgd-linf', { eps: 0.1, steps: 10 }).adversarial // { norm: 'linf', eps: 0.1, steps: 10, randomStart: true }
 */
export function recipe(preset: LossPreset, p: RecipeParams = {}): Recipe {
  if (!LOSS_PRESETS.includes(preset)) throw new RangeError(`loss: unknown recipe '${String(preset)}'; choose one of ${LOSS_PRESETS.join(', ')}`);
  const lambda = p.lambda ?? DEFAULT_LAMBDA[preset];
  if (lambda !== undefined && !(Number.isFinite(lambda) && lambda >= 0)) throw new RangeError(`lambda: must be a finite number >= 0, got ${lambda}`);
  const ce = 'softmax cross-entropy';
  switch (preset) {
    case 'ce':
      return { preset, terms: [crossEntropy()], description: ce };
    case 'rrr':
      return { preset, terms: [crossEntropy(), rightReasons(lambda!)], lambda, description: `${ce} + ${lambda} x RRR (squared input gradient of sum_k log p_k on the annotation masks)` };
    case 'double-backprop':
      return { preset, terms: [crossEntropy(), doubleBackprop(lambda!)], lambda, description: `${ce} + ${lambda} x 0.5 |dCE/dx|_2^2 (double backpropagation)` };
    case 'double-backprop-l1':
      return { preset, terms: [crossEntropy(), doubleBackprop(lambda!, 'l1')], lambda, description: `${ce} + ${lambda} x |dCE/dx|_1 (double backpropagation, L1)` };
    case 'weight-decay':
      return { preset, terms: [crossEntropy(), weightDecay(lambda!)], lambda, description: `${ce} + ${lambda} x |theta|_2^2` };
    case 'l1':
      return { preset, terms: [crossEntropy()], l1: lambda, lambda, description: `${ce} + ${lambda} x |theta|_1 over every parameter (Chalasani et al.'s L1 baseline)` };
    case 'pgd-linf':
    case 'pgd-l2': {
      const norm = preset === 'pgd-linf' ? 'linf' : 'l2';
      const eps = p.eps ?? (norm === 'linf' ? 0.3 : 2);
      const steps = p.steps ?? 40;
      const stepSize = p.stepSize ?? (norm === 'linf' && p.eps === undefined && p.steps === undefined ? 0.01 : (2.5 * eps) / steps);
      const adversarial: AdversarialTrainingOptions = { norm, eps, steps, stepSize, randomStart: true };
      return { preset, terms: [crossEntropy()], adversarial, description: `${ce} on PGD-${norm === 'linf' ? 'Linf' : 'L2'} examples (eps ${eps}, ${steps} steps of ${+stepSize.toPrecision(4)}, random start; Madry et al.)` };
    }
    case 'find-another':
      return { preset, terms: [crossEntropy()], lambda, description: `find-another-explanation (sequential): ${ce}, then ${ce} + ${lambda} x RRR on the accumulated explanation masks` };
    case 'find-another-simultaneous':
      return { preset, terms: [crossEntropy()], lambda, description: `find-another-explanation (simultaneous): two models, CE_a + CE_b + ${lambda} x mean cos^2 of their input gradients` };
  }
}
