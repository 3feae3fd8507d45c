/**
 * The attack behind AXAI: untargeted L2 PGD away from the predicted label (the paper: 20
 * iterations). The authors' step never reaches their epsilon; here the step defaults to
 * 2.5 eps / steps (Madry et al.'s rule), so the iterate can reach the eps-sphere in 40% of the
 * steps and the budget is really used.
 */
import { pgd } from '../../attacks/pgd.js';
import { checkInput } from '../../attacks/result.js';
import type { AttackResult, Box } from '../../attacks/types.js';
import { ShapeMismatchError } from '../../errors.js';
import type { GradientModel } from '../../gradient-model.js';
import type { Target } from '../../targets.js';
import type { Tensor } from '../../tensor.js';
import { checkInteger } from '../../validate.js';

/** L2 budget when `eps` is not given (the usual MNIST L2 budget; scale it with your input's norm). */
export const AXAI_DEFAULT_EPS = 2;
/** PGD iterations when `steps` is not given (the paper's 20). */
export const AXAI_DEFAULT_STEPS = 20;

export interface AxaiAttackOptions {
  /** L2 radius of the attack, one for all samples or one per sample. @defaultValue 2 */
  eps?: number | readonly number[];
  /** PGD iterations. @defaultValue 20 */
  steps?: number;
  /** Absolute L2 step length. @defaultValue 2.5 * eps / steps (per sample) */
  stepSize?: number;
  /**
   * Stop a sample at its first misclassified iterate. The paper runs all iterations, so the
   * delta is the full-budget one. @defaultValue false
   */
  earlyStop?: boolean;
  /** Start at a random point of the eps-ball instead of at x (then `seed` matters). @defaultValue false */
  randomStart?: boolean;
  /** Seed of the random start. @defaultValue 0 */
  seed?: number;
  /** Class(es) to attack away from: one for all, one per sample, or 'predicted'. @defaultValue 'predicted' */
  target?: Target;
  /** Valid input range. @defaultValue { lo: 0, hi: 1 } */
  box?: Box;
  /** Loss the PGD ascends. @defaultValue 'ce' */
  loss?: 'ce' | 'margin';
  /**
   * Replaces PGD (the paper: any L2 attack works). Called with the model, the batch and the
   * resolved options above; must return an untargeted `AttackResult` for the same batch.
   */
  attack?: (model: GradientModel, x: Tensor, options: AxaiAttackOptions) => Promise<AttackResult>;
  /** Checked between iterations; aborting rejects with an `AbortError`-named error. */
  signal?: AbortSignal;
  /** Called after every PGD iteration. */
  onStep?: (info: { step: number; steps: number; restart?: number }) => void;
}

/**
 * Runs AXAI's attack on a batch and checks the result's shape. `success` in the result is
 * recomputed from the returned points (prediction differs from the attacked label).
 * @example
 * const r = await axaiAttack(model, x, { eps: 1 });
 * r.success; // per sample: did the L2 attack of radius 1 change the prediction?
 */
export async function axaiAttack(model: GradientModel, x: Tensor, options: AxaiAttackOptions = {}): Promise<AttackResult> {
  const n = checkInput(model, x, 'axai input');
  const steps = checkInteger('steps', options.steps ?? AXAI_DEFAULT_STEPS, { min: 1 });
  const resolved: AxaiAttackOptions = { ...options, eps: options.eps ?? AXAI_DEFAULT_EPS, steps, target: options.target ?? 'predicted' };
  const r = options.attack
    ? await options.attack(model, x, resolved)
    : await pgd(model, x, {
      norm: 'l2', eps: resolved.eps, steps, stepSize: options.stepSize, relativeStepSize: 2.5 / steps,
      earlyStop: options.earlyStop ?? false, randomStart: options.randomStart ?? false, seed: options.seed,
      target: resolved.target, box: options.box, loss: options.loss ?? 'ce', signal: options.signal, onStep: options.onStep,
    });
  if (r.adversarial.data.length !== x.data.length || r.success.length !== n)
    throw new ShapeMismatchError('attack result', [...x.shape], r.adversarial.shape, `the attack must return one adversarial point and one success flag per sample (${n})`);
  return r;
}

/** delta = adversarial - x for the whole batch. */
export function attackDelta(x: Tensor, adversarial: Tensor): Tensor {
  return { data: Float32Array.from(x.data, (v, i) => adversarial.data[i]! - v), shape: [...x.shape] };
}
