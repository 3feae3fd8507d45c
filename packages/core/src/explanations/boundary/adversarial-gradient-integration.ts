/**
 * Adversarial Gradient Integration (AGI, Pan et al. 2021), the comparison method of the
 * boundary-attribution paper: integrate the explained class's probability gradient along
 * sign-gradient paths that push the input towards each of k false classes.
 */
import { boxBounds } from '../../attacks/result.js';
import type { Box } from '../../attacks/types.js';
import { throwIfAborted } from '../../abort.js';
import { checkInternalBatchSize, mapChunks } from '../../batching.js';
import { checkAttributionInput } from '../../attributions/common.js';
import { checkInteger, isInteger, isNumberIn } from '../../validate.js';
import type { AttributionOptions, AttributionResult } from '../../attributions/types.js';
import type { GradientModel } from '../../gradient-model.js';
import { argmaxRow, predictions, resolveTargets } from '../../targets.js';
import type { Tensor } from '../../tensor.js';

/**
 * Which false classes j != y the paths head for:
 * - `'top'`: the k classes other than y with the highest probability at x (ties: lower index);
 * - `'spread'`: evenly spaced ids 0, s, 2s, ... (s = max(1, floor(C / k)), k of them, those < C),
 *   skipping y, as the authors' code does (so a sample can get k - 1);
 * - a list: these classes for every sample (y skipped where it appears).
 * With k >= C - 1, `'top'` takes every false class.
 */
export type FalseClassRule = 'top' | 'spread' | readonly number[];

export interface AdversarialGradientIntegrationOptions extends AttributionOptions {
  /** Number of false classes per sample (the paper: 20). @defaultValue 20 */
  k?: number;
  /** How the false classes are chosen; see {@link FalseClassRule}. @defaultValue 'top' */
  falseClasses?: FalseClassRule;
  /** Step size of each sign-gradient step, in input units. @defaultValue 0.05 */
  eps?: number;
  /** Most steps per path (m). @defaultValue 20 */
  steps?: number;
  /** Valid input range; every step is clipped to it. @defaultValue { lo: 0, hi: 1 } */
  box?: Box;
  /** Called after every step: `step` of `steps`. */
  onStep?: (info: { step: number; steps: number }) => void;
}

export interface AdversarialGradientIntegrationResult extends AttributionResult {
  /** One entry per (sample, false class) path, in sample order. */
  paths: {
    sample: Int32Array;
    falseClass: Int32Array;
    /** Steps taken before the path stopped (argmax reached the false class) or ran out. */
    steps: Int32Array;
    /** 1 where the path's last point is classified as its false class. */
    reached: Uint8Array;
  };
}

/** Softmax of row r of [R, C] logits in float64. */
function probs(z: Float32Array, r: number, c: number): Float64Array {
  const row = z.subarray(r * c, (r + 1) * c);
  let m = -Infinity;
  for (const v of row) m = Math.max(m, v);
  const p = Float64Array.from(row, (v) => Math.exp(v - m));
  const s = p.reduce((a, b) => a + b, 0);
  return p.map((v) => v / s);
}

/** The false classes of each sample under `rule`. */
function chooseFalseClasses(rule: FalseClassRule, k: number, targets: Int32Array, classes: number, z: Float32Array | undefined): number[][] {
  return Array.from(targets, (y, s) => {
    if (rule === 'top') {
      const p = probs(z!, s, classes);
      const order = Array.from({ length: classes }, (_, j) => j).filter((j) => j !== y);
      order.sort((a, b) => p[b]! - p[a]! || a - b);
      return order.slice(0, k);
    }
    if (rule === 'spread') {
      const stride = Math.max(1, Math.floor(classes / k));
      const ids: number[] = [];
      for (let i = 0; i < k && i * stride < classes; i++) if (i * stride !== y) ids.push(i * stride);
      return ids;
    }
    return rule.filter((j) => j !== y);
  });
}

/**
 * AGI(x) = sum over false classes j of sum_i -d p_y(x_i)/dx * (x_{i+1} - x_i), where x_0 = x and
 * x_{i+1} = clip_box(x_i + eps * sign(d p_j(x_i)/dx)) (the sign of the normalised gradient), a path
 * that stops as soon as argmax f(x_i) = j or after `steps` steps; p = softmax f, y the explained
 * class. This is the paper's accumulating form: each step starts from x_i. (The authors' public
 * code steps from x every time, x_{i+1} = clip(x + eps sign(...)); axplain follows the paper.)
 * Per step: one logits pass over the running paths and one vjp pass of two rows per path (the
 * gradients of p_j and p_y), chunked by `internalBatchSize`; one more logits pass reports `reached`.
 * @example
 * import { adversarialGradientIntegration } from '@axplain/core';
 * import { LinearModel } from '@axplain/core/testing';
 * const model = new LinearModel([2], 2, Float32Array.of(1, 0, 0, 1));
 * const r = await adversarialGradientIntegration(model, { data: Float32Array.of(0.6, 0.4), shape: [1, 2] });
 * r.attribution.data; // [a, a] with a > 0: both features pushed p_0 down on the way to class 1
 */
export async function adversarialGradientIntegration(
  model: GradientModel, x: Tensor, options: AdversarialGradientIntegrationOptions = {},
): Promise<AdversarialGradientIntegrationResult> {
  const n = checkAttributionInput(model, x);
  const k = checkInteger('k', options.k ?? 20, { min: 1 });
  const steps = checkInteger('steps', options.steps ?? 20, { min: 0 });
  const eps = options.eps ?? 0.05;
  if (!isNumberIn(eps, { above: 0 })) throw new RangeError(`eps: must be a finite number > 0, got ${eps}`);
  const rule = options.falseClasses ?? 'top';
  const classes = model.classes;
  if (Array.isArray(rule)) {
    for (const j of rule as readonly number[]) if (!isInteger(j, { min: 0, max: classes - 1 })) throw new RangeError(`falseClasses: ${j} is not a class index of this model (0..${classes - 1})`);
  } else if (rule !== 'top' && rule !== 'spread') throw new RangeError(`falseClasses: unknown rule '${String(rule)}'; use 'top', 'spread' or a list of class indices`);
  const internalBatchSize = checkInternalBatchSize(options.internalBatchSize);
  const signal = options.signal;
  const batching = { internalBatchSize, signal };
  const d = x.data.length / n;
  const shape = model.inputShape;
  const { lo, hi } = boxBounds(options.box, x.shape);
  const logitsOf = (rows: readonly number[], data: Float32Array) => mapChunks(rows.length, (a, b) => {
    const out = new Float32Array((b - a) * d);
    for (let r = a; r < b; r++) out.set(data.subarray(rows[r]! * d, (rows[r]! + 1) * d), (r - a) * d);
    return { data: out, shape: [b - a, ...shape] };
  }, (c) => model.logits(c), batching);

  const target = options.target ?? 'predicted';
  // Explicit targets fail before any model call.
  const explicit = target === 'predicted' ? undefined : resolveTargets(target, n, classes);
  const z0 = rule === 'top' || !explicit ? (await logitsOf(Array.from({ length: n }, (_, s) => s), x.data)).data : undefined;
  const targets = explicit ?? predictions({ data: z0!, shape: [n, classes] });
  const lists = chooseFalseClasses(rule, k, targets, classes, z0);
  const sample = Int32Array.from(lists.flatMap((l, s) => l.map(() => s)));
  const falseClass = Int32Array.from(lists.flat());
  const pairs = sample.length;
  const cur = new Float32Array(pairs * d);
  for (let p = 0; p < pairs; p++) cur.set(x.data.subarray(sample[p]! * d, (sample[p]! + 1) * d), p * d);
  const taken = new Int32Array(pairs);
  const stopped = new Uint8Array(pairs);
  const acc = new Float64Array(n * d);

  for (let i = 0; i < steps; i++) {
    throwIfAborted(signal, 'adversarialGradientIntegration');
    const open: number[] = [];
    for (let p = 0; p < pairs; p++) if (!stopped[p]) open.push(p);
    if (open.length === 0) break;
    const z = (await logitsOf(open, cur)).data;
    const run: number[] = [];
    const cot = new Float32Array(2 * open.length * classes);
    open.forEach((p, r) => {
      if (argmaxRow({ data: z, shape: [open.length, classes] }, r) === falseClass[p]) { stopped[p] = 1; return; }
      const pr = probs(z, r, classes);
      const o = 2 * run.length * classes;
      // d p_a / d z_c = p_a (1[a = c] - p_c): row 2q for the false class j, row 2q + 1 for y.
      for (const [row, a] of [[0, falseClass[p]!], [1, targets[sample[p]!]!]] as const)
        for (let c = 0; c < classes; c++) cot[o + row * classes + c] = pr[a]! * ((a === c ? 1 : 0) - pr[c]!);
      run.push(p);
    });
    if (run.length > 0) {
      const grads = await mapChunks(2 * run.length, (a, b) => {
        const out = new Float32Array((b - a) * d);
        for (let r = a; r < b; r++) out.set(cur.subarray(run[r >> 1]! * d, (run[r >> 1]! + 1) * d), (r - a) * d);
        return { data: out, shape: [b - a, ...shape] };
      }, async (c, start) => (await model.vjp(c, { data: cot.slice(start * classes, (start + c.shape[0]!) * classes), shape: [c.shape[0]!, classes] })).grad, batching);
      run.forEach((p, q) => {
        const s = sample[p]!;
        const gj = grads.data.subarray(2 * q * d, (2 * q + 1) * d);
        const gy = grads.data.subarray((2 * q + 1) * d, (2 * q + 2) * d);
        for (let e = 0; e < d; e++) {
          const xi = cur[p * d + e]!;
          const xs = s * d + e;
          const next = Math.fround(Math.min(hi[xs]!, Math.max(lo[xs]!, xi + eps * Math.sign(gj[e]!))));
          acc[xs]! += -gy[e]! * (next - xi);
          cur[p * d + e] = next;
        }
        taken[p]!++;
      });
    }
    options.onStep?.({ step: i + 1, steps });
  }
  const reached = new Uint8Array(pairs);
  if (pairs > 0) {
    const all = Array.from({ length: pairs }, (_, p) => p);
    const z = (await logitsOf(all, cur)).data;
    for (let p = 0; p < pairs; p++) reached[p] = argmaxRow({ data: z, shape: [pairs, classes] }, p) === falseClass[p] ? 1 : 0;
  }
  return {
    attribution: { data: Float32Array.from(acc), shape: [...x.shape] },
    targets,
    paths: { sample, falseClass, steps: taken, reached },
  };
}
