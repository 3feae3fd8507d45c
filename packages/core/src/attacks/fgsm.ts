/**
 * The fast gradient sign method (Goodfellow et al. 2015) and its targeted form TGSM (Kurakin et
 * al. 2017): one step of size eps along the normalised gradient of the loss, clipped to the box.
 */
import type { GradientModel } from '../gradient-model.js';
import type { Tensor } from '../tensor.js';
import { pgd, type PgdOptions } from './pgd.js';
import type { AttackResult } from './types.js';

export interface FgsmOptions extends Omit<PgdOptions, 'steps' | 'stepSize' | 'relativeStepSize' | 'randomStart' | 'restarts' | 'earlyStop'> {
  /**
   * linf is FGSM proper (sign of the gradient); l2 and l1 give the fast gradient method with the
   * L2-normalised or sparse-L1 step. @defaultValue 'linf'
   */
  norm?: PgdOptions['norm'];
}

/**
 * x' = clip_box(x + eps sign(grad CE(x, y))) (untargeted), or x - eps sign(grad CE(x, t)) when
 * `targeted` (TGSM). One gradient call. Samples the step does not fool are returned unchanged,
 * with `success` 0.
 * @example
 * import { fgsm } from '@axplain/core';
 * import { LinearModel } from '@axplain/core/testing';
 * const model = new LinearModel([2], 2, Float32Array.of(1, 0, 0, 1));
 * const r = await fgsm(model, { data: Float32Array.of(0.6, 0.4), shape: [1, 2] }, { eps: 0.15 });
 * r.adversarial.data; // Float32Array [0.45, 0.55]
 */
export function fgsm(model: GradientModel, x: Tensor, options: FgsmOptions = {}): Promise<AttackResult> {
  return pgd(model, x, { ...options, steps: 1, relativeStepSize: 1, randomStart: false, restarts: 1, earlyStop: true });
}

/**
 * Targeted FGSM (TGSM): one step of size eps down the cross-entropy towards `target`.
 * @example const r = await tgsm(model, x, { eps: 0.1, target: 3 });
 */
export function tgsm(model: GradientModel, x: Tensor, options: FgsmOptions = {}): Promise<AttackResult> {
  return fgsm(model, x, { ...options, targeted: true });
}
