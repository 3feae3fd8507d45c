/**
 * Iterated TGSM (Kurakin et al. 2017, "iterative least-likely class"): repeated targeted sign
 * steps towards a target class, by default the clean input's least likely class.
 */
import type { GradientModel } from '../gradient-model.js';
import { resolveTargets, type Target } from '../targets.js';
import type { Tensor } from '../tensor.js';
import { pgd, type PgdOptions } from './pgd.js';
import { checkInput } from './result.js';
import type { AttackResult } from './types.js';

export interface IterativeTgsmOptions extends Omit<PgdOptions, 'target' | 'targeted'> {
  /**
   * Class(es) to reach; `'least-likely'` picks each sample's lowest clean logit.
   * @defaultValue 'least-likely'
   */
  target?: Exclude<Target, 'predicted'> | 'least-likely';
  /** @defaultValue 10 */
  steps?: number;
  /** @defaultValue 0.2 (of eps) */
  relativeStepSize?: number;
  /** @defaultValue false (steps start at the input) */
  randomStart?: boolean;
}

/**
 * Targeted BIM: `steps` sign steps (by default; any norm works) down the cross-entropy to the
 * target, projected onto the eps-ball and the box. With `earlyStop: false` it keeps pushing after
 * the target is reached (more confident morphs, as in a class-morph grid).
 * @example
 * import { iterativeTgsm } from '@axplain/core';
 * const r = await iterativeTgsm(model, x, { eps: 0.2, target: 7 });
 * r.success; // 1 where the prediction became 7
 */
export async function iterativeTgsm(model: GradientModel, x: Tensor, options: IterativeTgsmOptions = {}): Promise<AttackResult> {
  const n = checkInput(model, x);
  const t = options.target ?? 'least-likely';
  let target: Exclude<Target, 'predicted'>;
  if (t === 'least-likely') {
    const z = await model.logits(x);
    const c = model.classes;
    target = Array.from({ length: n }, (_, i) => {
      let k = 0;
      for (let j = 1; j < c; j++) if (z.data[i * c + j]! < z.data[i * c + k]!) k = j;
      return k;
    });
  } else target = [...resolveTargets(t, n, model.classes)];
  return pgd(model, x, {
    ...options,
    target,
    targeted: true,
    steps: options.steps ?? 10,
    relativeStepSize: options.relativeStepSize ?? 0.2,
    randomStart: options.randomStart ?? false,
  });
}
