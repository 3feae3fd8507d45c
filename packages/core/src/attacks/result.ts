/**
 * Shared bookkeeping of every attack: option defaults, per-sample eps, the box, and the final
 * result whose `success` mask is recomputed from the returned tensor (never trusted from the
 * attack's own state).
 */
import type { GradientModel } from '../gradient-model.js';
import { ShapeMismatchError } from '../errors.js';
import { predictions, resolveTargets } from '../targets.js';
import { numel, type Tensor } from '../tensor.js';
import { checkNumber } from '../validate.js';
import type { AttackOptions, AttackResult, Box, Norms } from './types.js';

/** Checks x against the model's input shape; returns the batch size. */
export function checkInput(model: GradientModel, x: Tensor, what = 'attack input'): number {
  const d = numel(model.inputShape);
  if (x.shape.slice(1).join() !== model.inputShape.join() || x.data.length !== (x.shape[0] ?? 0) * d)
    throw new ShapeMismatchError(what, ['N', ...model.inputShape], x.shape);
  return x.shape[0]!;
}

/** One eps per sample. */
export function perSampleEps(eps: AttackOptions['eps'], n: number, fallback: number): Float32Array {
  if (eps === undefined) return new Float32Array(n).fill(fallback);
  if (typeof eps === 'number') {
    return new Float32Array(n).fill(checkNumber('eps', eps, { min: 0 }));
  }
  if (eps.length !== n) throw new RangeError(`eps: ${eps.length} values given for a batch of ${n}`);
  for (const e of eps) checkNumber('eps', e, { min: 0 });
  return Float32Array.from(eps);
}

/**
 * Per-element lower/upper bounds for a batch shaped like x (per-channel bounds apply along
 * axis 1). @defaultValue box { lo: 0, hi: 1 }
 */
export function boxBounds(box: Box | undefined, shape: readonly number[]): { lo: Float32Array; hi: Float32Array } {
  const b = box ?? { lo: 0, hi: 1 };
  const size = numel(shape);
  const c = shape[1] ?? 1;
  const inner = numel(shape.slice(2));
  const fill = (v: number | readonly number[], what: string): Float32Array => {
    if (typeof v === 'number') return new Float32Array(size).fill(v);
    if (v.length !== c) throw new RangeError(`box.${what}: ${v.length} per-channel bounds given, the input has ${c} channels (axis 1)`);
    const out = new Float32Array(size);
    for (let i = 0; i < size; i++) out[i] = v[Math.floor(i / inner) % c]!;
    return out;
  };
  const lo = fill(b.lo, 'lo');
  const hi = fill(b.hi, 'hi');
  for (let i = 0; i < size; i++) if (!(lo[i]! <= hi[i]!)) throw new RangeError(`box: lo ${lo[i]} > hi ${hi[i]}`);
  return { lo, hi };
}

/** L0 (count of |d| > 1e-12), L1, L2, Linf of adversarial - x per sample. */
export function perturbationNorms(x: Tensor, adv: Tensor): Norms {
  const n = x.shape[0]!;
  const d = x.data.length / Math.max(n, 1);
  const out: Norms = { l0: new Float32Array(n), l1: new Float32Array(n), l2: new Float32Array(n), linf: new Float32Array(n) };
  for (let s = 0; s < n; s++) {
    let l0 = 0, l1 = 0, l2 = 0, li = 0;
    for (let i = s * d; i < (s + 1) * d; i++) {
      const v = Math.abs(adv.data[i]! - x.data[i]!);
      if (v > 1e-12) l0++;
      l1 += v;
      l2 += v * v;
      li = Math.max(li, v);
    }
    out.l0[s] = l0; out.l1[s] = l1; out.l2[s] = Math.sqrt(l2); out.linf[s] = li;
  }
  return out;
}

/** Labels to attack: the target classes when targeted, else the true (default: predicted) classes. */
export async function attackLabels(model: GradientModel, x: Tensor, opts: AttackOptions): Promise<Int32Array> {
  const n = x.shape[0]!;
  const t = opts.target ?? 'predicted';
  if (opts.targeted && t === 'predicted') throw new RangeError("target: a targeted attack needs the target class(es), not 'predicted'");
  return resolveTargets(t, n, model.classes, t === 'predicted' ? await model.logits(x) : undefined);
}

/**
 * The result of an attack, with `success` recomputed from `adversarial`: for untargeted attacks
 * the prediction differs from `labels`, for targeted ones it equals them.
 */
export async function finishAttack(
  model: GradientModel, x: Tensor, adversarial: Tensor, labels: Int32Array, targeted: boolean, iterations: Int32Array,
): Promise<AttackResult> {
  const logits = await model.logits(adversarial);
  const pred = predictions(logits);
  const success = Uint8Array.from(pred, (p, i) => (targeted ? p === labels[i] : p !== labels[i]) ? 1 : 0);
  return { adversarial, success, logits, norms: perturbationNorms(x, adversarial), iterations, labels };
}

export { throwIfAborted } from '../abort.js';
