/**
 * Class-morph grid (Ross's thesis, the confusion-matrix figure of iterated TGSM): one input pushed
 * towards every class, returned as data; the node package renders it.
 */
import { ShapeMismatchError } from '../errors.js';
import type { GradientModel } from '../gradient-model.js';
import { argmaxRow, resolveTargets } from '../targets.js';
import type { Tensor } from '../tensor.js';
import { iterativeTgsm, type IterativeTgsmOptions } from './iterative-tgsm.js';
import { checkInput } from './result.js';
import type { Norms } from './types.js';

export interface ClassMorphOptions extends Omit<IterativeTgsmOptions, 'target'> {
  /** Classes to morph towards, one grid row each. @defaultValue every class 0..classes-1 */
  classes?: readonly number[];
  /**
   * Keep stepping after a row reaches its class, so the morphs are confident ones (the figure's
   * intent). @defaultValue false
   */
  earlyStop?: boolean;
}

export interface ClassMorphResult {
  /** The morphs: [classes.length, ...inputShape], row k pushed towards `classes[k]`. */
  grid: Tensor;
  /** The class of each row. */
  classes: Int32Array;
  /** Recomputed from `grid`: row k is classified as `classes[k]`. */
  success: Uint8Array;
  /** Logits of the grid rows. */
  logits: Tensor;
  /** Norms of grid row - input. */
  norms: Norms;
  /** The clean input's predicted class. */
  predicted: number;
}

/**
 * Iterated TGSM from one input (a batch of 1) towards each class: `classes.length` stacked copies
 * of the input, each attacked towards its own class with {@link iterativeTgsm}'s options (eps,
 * norm, steps, box, ...), in one batched run. Rows whose class is never reached hold the clean
 * input (success 0); the row of the clean prediction is a push deeper into its own class.
 * @example
 * import { classMorph } from '@axplain/core';
 * import { LinearModel } from '@axplain/core/testing';
 * const model = new LinearModel([2], 2, Float32Array.of(1, 0, 0, 1));
 * const m = await classMorph(model, { data: Float32Array.of(0.6, 0.4), shape: [1, 2] }, { eps: 0.3 });
 * m.grid.shape; // [2, 2]; m.success: Uint8Array [1, 1]
 */
export async function classMorph(model: GradientModel, x: Tensor, options: ClassMorphOptions = {}): Promise<ClassMorphResult> {
  const n = checkInput(model, x);
  if (n !== 1) throw new ShapeMismatchError('classMorph input', [1, ...model.inputShape], x.shape, 'Give one input (a batch of 1); call classMorph once per sample');
  const classes = options.classes ? [...resolveTargets(options.classes, options.classes.length, model.classes)] : Array.from({ length: model.classes }, (_, k) => k);
  if (classes.length === 0) throw new RangeError('classes: give at least one class');
  const predicted = argmaxRow(await model.logits(x), 0);
  const rows = classes.length;
  const stacked = new Float32Array(rows * x.data.length);
  for (let k = 0; k < rows; k++) stacked.set(x.data, k * x.data.length);
  const { classes: _omit, ...rest } = options;
  const r = await iterativeTgsm(model, { data: stacked, shape: [rows, ...model.inputShape] }, { ...rest, target: classes, earlyStop: options.earlyStop ?? false });
  return { grid: r.adversarial, classes: Int32Array.from(classes), success: r.success, logits: r.logits, norms: r.norms, predicted };
}
