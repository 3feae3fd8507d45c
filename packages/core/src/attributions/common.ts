/** Plumbing shared by the attribution methods: input checks, targets, target-logit gradients. */
import { batchedLogits, batchedVjp, type BatchingOptions } from '../batching.js';
import { ShapeMismatchError } from '../errors.js';
import type { GradientModel } from '../gradient-model.js';
import { oneHot } from '../losses/one-hot.js';
import { resolveTargets, type Target } from '../targets.js';
import { numel, type Tensor } from '../tensor.js';

/**
 * Checks that `x` is [N, ...model.inputShape] with N >= 1 and returns N.
 * @throws ShapeMismatchError naming the expected and the given shape
 */
export function checkAttributionInput(model: GradientModel, x: Tensor, what = 'x'): number {
  const d = numel(model.inputShape);
  const n = x.shape[0] ?? 0;
  if (x.shape.length !== model.inputShape.length + 1 || x.shape.slice(1).join() !== model.inputShape.join() || x.data.length !== n * d)
    throw new ShapeMismatchError(what, ['N', ...model.inputShape], x.shape, 'Give a batch-first tensor of the model\'s per-sample input shape');
  if (n < 1) throw new ShapeMismatchError(what, ['N >= 1', ...model.inputShape], x.shape, 'The batch is empty');
  return n;
}

/**
 * One class per sample. Explicit targets are checked without any model call; `'predicted'`
 * costs one batched logits pass.
 */
export async function attributionTargets(model: GradientModel, x: Tensor, target: Target | undefined, batching: BatchingOptions): Promise<Int32Array> {
  const t = target ?? 'predicted';
  const n = x.shape[0]!;
  if (t !== 'predicted') return resolveTargets(t, n, model.classes);
  return resolveTargets(t, n, model.classes, await batchedLogits(model, x, { internalBatchSize: batching.internalBatchSize, signal: batching.signal }));
}

/** d f_{y_n}(x_n) / d x_n for every sample, by batched vjp with a one-hot cotangent. */
export async function targetGradients(model: GradientModel, x: Tensor, targets: Int32Array, batching: BatchingOptions): Promise<Tensor> {
  return (await batchedVjp(model, x, oneHot(targets, model.classes), batching)).grad;
}

/**
 * Checks that `value` is one of `allowed`, listing them quoted (`use one of 'a', 'b'`: the
 * attribution options' wording, which their tests pin; new code uses validate's `checkChoice`).
 */
export function checkQuotedChoice<T extends string>(name: string, value: T, allowed: readonly T[]): T {
  if (!allowed.includes(value)) throw new RangeError(`${name}: unknown value '${String(value)}'; use one of ${allowed.map((a) => `'${a}'`).join(', ')}`);
  return value;
}
