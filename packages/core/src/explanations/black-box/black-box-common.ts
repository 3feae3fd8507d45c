/**
 * Plumbing shared by the forward-only baselines (Occlusion, LIME, KernelSHAP): options, the
 * evaluation budget, and batched scoring of perturbed inputs built row by row on demand.
 */
import { batchedLogits, checkInternalBatchSize, mapChunks } from '../../batching.js';
import { checkAttributionInput } from '../../attributions/common.js';
import type { Baseline } from '../../attributions/baselines.js';
import type { GradientModel } from '../../gradient-model.js';
import { resolveTargets, type Target } from '../../targets.js';
import type { Tensor } from '../../tensor.js';
import { checkChoice } from '../../validate.js';

/** The model output a black-box method explains. */
export type BlackBoxOutput = 'logits' | 'probabilities';

export interface BlackBoxOptions {
  /** Class to explain: one for all, one per sample, or the argmax at x. @defaultValue 'predicted' */
  target?: Target;
  /**
   * Score explained: the target logit (as the gradient methods, so additive models give exact
   * contributions) or its softmax probability (what the LIME and SHAP libraries explain).
   * @defaultValue 'logits'
   */
  output?: BlackBoxOutput;
  /**
   * What a removed feature is replaced with: see `Baseline` (0 = `'zeros'`, a constant, `'blur'`,
   * uniform noise, or a Tensor). @defaultValue 'zeros'
   */
  baseline?: Baseline;
  /** Rows (forward evaluations) per model call; changes the number of calls, never the result. @defaultValue 64 */
  internalBatchSize?: number;
  signal?: AbortSignal;
  /** Called after every model call of the perturbed inputs. */
  onStep?: (info: { step: number; steps: number }) => void;
}

export interface BlackBoxResult {
  /** One value per input value, shaped like x. */
  attribution: Tensor;
  /** The class explained per sample. */
  targets: Int32Array;
  /** Forward evaluations spent per sample (the unperturbed input included); never above `maxEvals`. */
  evals: Int32Array;
}

/** The score of class `t` in row r of [R, C] logits (logit or softmax probability). */
export function scoreOf(z: Float32Array, r: number, c: number, t: number, output: BlackBoxOutput): number {
  if (output === 'logits') return z[r * c + t]!;
  let m = -Infinity;
  for (let k = 0; k < c; k++) m = Math.max(m, z[r * c + k]!);
  let s = 0;
  for (let k = 0; k < c; k++) s += Math.exp(z[r * c + k]! - m);
  return Math.exp(z[r * c + t]! - m) / s;
}

/**
 * Checks x, the output choice and the batch size; evaluates f(x) once (one forward row per
 * sample, counted in every method's budget) and resolves the targets from it.
 */
export async function prepareBlackBox(model: GradientModel, x: Tensor, options: BlackBoxOptions): Promise<{
  n: number; d: number; targets: Int32Array; inputScores: Float64Array; output: BlackBoxOutput; internalBatchSize: number;
}> {
  const n = checkAttributionInput(model, x);
  const output = options.output ?? 'logits';
  checkChoice('output', output, ['logits', 'probabilities'], 'output');
  const internalBatchSize = checkInternalBatchSize(options.internalBatchSize);
  const t = options.target ?? 'predicted';
  const explicit = t === 'predicted' ? undefined : resolveTargets(t, n, model.classes);
  const z = await batchedLogits(model, x, { internalBatchSize, signal: options.signal });
  const targets = explicit ?? resolveTargets('predicted', n, model.classes, z);
  const inputScores = Float64Array.from({ length: n }, (_, s) => scoreOf(z.data, s, model.classes, targets[s]!, output));
  return { n, d: x.data.length / n, targets, inputScores, output, internalBatchSize };
}

/**
 * Scores of `total` perturbed rows: `fill(row, out)` writes row `row`'s input values into `out`
 * (length d), `classOf(row)` names its target class. Rows are built chunk by chunk, so memory is
 * one chunk of `internalBatchSize` rows whatever `total` is.
 */
export async function scoreRows(
  model: GradientModel, total: number, d: number, fill: (row: number, out: Float32Array) => void, classOf: (row: number) => number,
  output: BlackBoxOutput, options: { internalBatchSize: number; signal?: AbortSignal; onStep?: BlackBoxOptions['onStep'] },
): Promise<Float64Array> {
  if (total === 0) return new Float64Array(0);
  const c = model.classes;
  const scores = await mapChunks(total, (a, b) => {
    const data = new Float32Array((b - a) * d);
    for (let r = a; r < b; r++) fill(r, data.subarray((r - a) * d, (r - a + 1) * d));
    return { data, shape: [b - a, ...model.inputShape] };
  }, async (chunk, start) => {
    const z = await model.logits(chunk);
    const rows = chunk.shape[0]!;
    if (z.data.length !== rows * c) throw new RangeError(`the model returned logits of shape [${z.shape.join(', ')}] for ${rows} rows and ${c} classes`);
    return { data: Float32Array.from({ length: rows }, (_, r) => scoreOf(z.data, r, c, classOf(start + r), output)), shape: [rows, 1] };
  }, options);
  return Float64Array.from(scores.data);
}
