/** Options the faithfulness metrics share. */
import { choiceOption, numberOption, type OptionSpec } from '@axplain/core';
import type { ScoreKind } from '../batch.js';

export type FlipOrder = 'morf' | 'lerf';

/** Which features go first: most relevant first (MoRF) or least relevant first (LeRF). */
export const orderOption: OptionSpec<FlipOrder> = choiceOption('order', 'morf', ['morf', 'lerf'], 'most (morf) or least (lerf) relevant features first');

/** The value a removed feature takes. */
export const baselineOption: OptionSpec<number> = numberOption('baseline', 0, {}, 'value of a removed feature');

/** A score that varies smoothly with the input (the curve metrics' choices). */
export type ContinuousScore = Exclude<ScoreKind, 'accuracy'>;

/** What a perturbed input is scored by. */
export const scoreOption = <const C extends ScoreKind>(fallback: C, choices: readonly C[] = ['logit', 'probability'] as C[]): OptionSpec<C> =>
  choiceOption('score', fallback, choices, "the target's logit, its softmax probability, or (accuracy) 1 while it stays the argmax");

/** Trapezoidal area under a curve of K + 1 equally spaced points on [0, 1]. */
export function trapezoidArea(curve: ArrayLike<number>): number {
  const k = curve.length - 1;
  let s = 0;
  for (let i = 0; i < k; i++) s += (curve[i]! + curve[i + 1]!) / 2;
  return s / k;
}
