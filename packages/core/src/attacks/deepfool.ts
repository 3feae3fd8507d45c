/**
 * DeepFool (Moosavi-Dezfooli et al. 2016): linearise the classifier around the current point and
 * step to the nearest linearised boundary among the top candidate classes, until the label flips.
 */
import type { GradientModel } from '../gradient-model.js';
import { argmaxRow, resolveTargets } from '../targets.js';
import type { Tensor } from '../tensor.js';
import { checkInteger, checkNumber } from '../validate.js';
import { boxBounds, checkInput, finishAttack, throwIfAborted } from './result.js';
import type { AttackOptions, AttackResult } from './types.js';

export interface DeepFoolOptions extends AttackOptions {
  /** 'l2' or 'linf' (the norm whose nearest boundary is sought). @defaultValue 'l2' */
  norm?: 'l2' | 'linf';
  /** Most linearisation steps per sample. @defaultValue 50 */
  steps?: number;
  /** Classes considered: the attacked class and the top (candidates - 1) others by clean logit. @defaultValue 10 */
  candidates?: number;
  /** The accumulated step is scaled by 1 + overshoot to cross the boundary. @defaultValue 0.02 */
  overshoot?: number;
}

/**
 * Untargeted DeepFool. Per iteration and sample, with y the attacked class (default: the clean
 * prediction) and k over the candidate classes: f_k = z_k - z_y, w_k = grad f_k (all K - 1
 * cotangents e_k - e_y in ONE batched vjp call, on K - 1 stacked copies of each running sample);
 * the nearest linearised boundary is k* = argmin |f_k| / ||w_k||_q (q = 2 for L2, 1 for Linf), the
 * step r = (|f_k*| / ||w_k*||_q + 1e-4) times w/||w||_2 (L2) or sign(w) (Linf), and the iterate
 * x0 + (1 + overshoot) sum r clipped to the box. A sample stops as soon as its label flips. For
 * an affine classifier the first step lands on the nearest boundary (times 1 + overshoot).
 * Samples still unsuccessful after `steps` are returned unchanged. Targeted attacks, `eps`,
 * `restarts` and `stepSize` do not apply.
 * @example
 * import { deepFool } from '@axplain/core';
 * import { LinearModel } from '@axplain/core/testing';
 * const model = new LinearModel([2], 2, Float32Array.of(1, 0, 0, 1));
 * const r = await deepFool(model, { data: Float32Array.of(0.6, 0.4), shape: [1, 2] });
 * r.norms.l2[0]; // 1.02 * (0.1414 + 1e-4): the boundary x0 = x1, crossed by the overshoot
 */
export async function deepFool(model: GradientModel, x: Tensor, options: DeepFoolOptions = {}): Promise<AttackResult> {
  const n = checkInput(model, x);
  if (options.targeted) throw new RangeError('targeted: DeepFool is untargeted; use pgd or carliniWagner with targeted: true');
  const norm = options.norm ?? 'l2';
  if (norm !== 'l2' && norm !== 'linf') throw new RangeError(`norm: DeepFool supports 'l2' and 'linf', got '${String(norm)}'`);
  const steps = checkInteger('steps', options.steps ?? 50, { min: 1 });
  const C = model.classes;
  if (C < 2) throw new RangeError(`model: DeepFool needs at least 2 classes, the model has ${C}`);
  const cand = checkInteger('candidates', options.candidates ?? 10, { min: 2 });
  const overshoot = checkNumber('overshoot', options.overshoot ?? 0.02, { min: 0 });
  const K = Math.min(cand, C) - 1;
  const d = x.data.length / n;
  const { lo, hi } = boxBounds(options.box, x.shape);

  const z0 = await model.logits(x);
  const labels = resolveTargets(options.target ?? 'predicted', n, C, z0);
  // Candidate classes: the others with the largest clean logits, fixed for the whole run.
  const others = Array.from({ length: n }, (_, s) => {
    const row = z0.data.subarray(s * C, (s + 1) * C);
    return Array.from({ length: C }, (_, k) => k).filter((k) => k !== labels[s]).sort((p, q) => row[q]! - row[p]! || p - q).slice(0, K);
  });

  const cur = Float32Array.from(x.data);
  const total = new Float64Array(n * d);
  const running = new Uint8Array(n).fill(1);
  const done = new Uint8Array(n);
  const iterations = new Int32Array(n);
  for (let step = 0; step < steps; step++) {
    throwIfAborted(options.signal);
    const act: number[] = [];
    for (let s = 0; s < n; s++) if (running[s]) act.push(s);
    if (act.length === 0) break;
    const rows = act.length * K;
    const stacked = new Float32Array(rows * d);
    const cot = new Float32Array(rows * C);
    act.forEach((s, r) => {
      for (let k = 0; k < K; k++) {
        stacked.set(cur.subarray(s * d, (s + 1) * d), (r * K + k) * d);
        cot[(r * K + k) * C + others[s]![k]!] = 1;
        cot[(r * K + k) * C + labels[s]!] = -1;
      }
    });
    const res = await model.vjp({ data: stacked, shape: [rows, ...model.inputShape] }, { data: cot, shape: [rows, C] });
    const g = res.grad.data;
    act.forEach((s, r) => {
      iterations[s]!++;
      const row0 = r * K;
      if (argmaxRow(res.logits, row0) !== labels[s]) { running[s] = 0; done[s] = 1; return; }
      const z = res.logits.data.subarray(row0 * C, (row0 + 1) * C);
      let bestK = 0, bestDist = Infinity, bestLen = 0;
      for (let k = 0; k < K; k++) {
        const f = z[others[s]![k]!]! - z[labels[s]!]!;
        let len = 0;
        for (let i = 0; i < d; i++) { const v = g[(row0 + k) * d + i]!; len += norm === 'l2' ? v * v : Math.abs(v); }
        if (norm === 'l2') len = Math.sqrt(len);
        const dist = Math.abs(f) / (len + 1e-8);
        if (dist < bestDist) { bestDist = dist; bestK = k; bestLen = len; }
      }
      if (!(bestLen > 0)) { running[s] = 0; return; } // flat: no direction to follow
      let l2 = 0;
      if (norm === 'l2') for (let i = 0; i < d; i++) l2 += g[(row0 + bestK) * d + i]! ** 2;
      const scale = (bestDist + 1e-4) / (norm === 'l2' ? Math.sqrt(l2) : 1);
      for (let i = 0; i < d; i++) {
        const v = g[(row0 + bestK) * d + i]!;
        const j = s * d + i;
        total[j]! += scale * (norm === 'l2' ? v : Math.sign(v));
        cur[j] = Math.min(hi[j]!, Math.max(lo[j]!, x.data[j]! + (1 + overshoot) * total[j]!));
      }
    });
    options.onStep?.({ step: step + 1, steps });
  }
  // The last iterates of samples still running were never evaluated: keep them only if adversarial.
  const pending: number[] = [];
  for (let s = 0; s < n; s++) if (!done[s]) pending.push(s);
  if (pending.length > 0) {
    const rows = new Float32Array(pending.length * d);
    pending.forEach((s, r) => rows.set(cur.subarray(s * d, (s + 1) * d), r * d));
    const z = await model.logits({ data: rows, shape: [pending.length, ...model.inputShape] });
    pending.forEach((s, r) => {
      if (argmaxRow(z, r) === labels[s]) cur.set(x.data.subarray(s * d, (s + 1) * d), s * d);
    });
  }
  return finishAttack(model, x, { data: cur, shape: [...x.shape] }, labels, false, iterations);
}
