/**
 * Jacobian-based Saliency Map Attack (Papernot et al. 2016): a targeted L0 attack that changes two
 * features at a time, chosen from a saliency map of the target logit against all the others.
 */
import type { GradientModel } from '../gradient-model.js';
import { argmaxRow } from '../targets.js';
import type { Tensor } from '../tensor.js';
import { checkInteger, checkNumber } from '../validate.js';
import { attackLabels, boxBounds, checkInput, finishAttack, throwIfAborted } from './result.js';
import type { AttackOptions, AttackResult } from './types.js';

export interface JsmaOptions extends AttackOptions {
  /**
   * Change per modified feature, as a fraction of the box width (hi - lo): 1 sets a feature to
   * its upper bound, -1 to its lower bound. @defaultValue 1
   */
  theta?: number;
  /** Most features changed, as a fraction of all features (floor(d gamma / 2) pair steps). @defaultValue 1 */
  gamma?: number;
  /**
   * The pair search runs over the `candidates` features of the search space with the best
   * single-feature score (alpha - beta, sign-flipped for theta < 0), not over all d^2 pairs, so
   * it scales to images. @defaultValue 64
   */
  candidates?: number;
}

/** Indices of the `m` largest values of score among the features where `domain` is 1. */
function topCandidates(score: Float64Array, domain: Uint8Array, off: number, d: number, m: number): number[] {
  const idx: number[] = [];
  for (let i = 0; i < d; i++) if (domain[off + i]) idx.push(i);
  idx.sort((p, q) => score[q]! - score[p]! || p - q);
  return idx.slice(0, m);
}

/**
 * Targeted JSMA (`target` is required). Per iteration and running sample, one batched vjp on
 * two stacked copies gives alpha = grad z_t (cotangent e_t) and beta = grad sum_{j != t} z_j
 * (cotangent 1 - e_t). Over feature pairs (p, q) of the candidates, keep those with
 * alpha_p + alpha_q > 0 and beta_p + beta_q < 0 (reversed for theta < 0) and take the one with
 * the largest -(alpha_p + alpha_q)(beta_p + beta_q); move both by theta (hi - lo), clip to the
 * box, and remove both from the search space. A sample stops when it reaches the target, when no
 * pair qualifies, or after floor(d gamma / 2) pairs, so at most gamma d features change. Samples
 * that never reach the target are returned unchanged. `eps`, `norm`, `stepSize` and `restarts`
 * do not apply.
 * @example
 * import { jsma } from '@axplain/core';
 * import { LinearModel } from '@axplain/core/testing';
 * const model = new LinearModel([4], 2, Float32Array.of(1, 1, -1, -1, -1, -1, 1, 1));
 * const r = await jsma(model, { data: Float32Array.of(0.5, 0.5, 0.1, 0.1), shape: [1, 4] }, { target: 1 });
 * r.success[0]; // 1: features 2 and 3 were set to 1
 */
export async function jsma(model: GradientModel, x: Tensor, options: JsmaOptions = {}): Promise<AttackResult> {
  const n = checkInput(model, x);
  if (options.target === undefined || options.target === 'predicted')
    throw new RangeError("target: JSMA is a targeted attack; give the target class(es), e.g. { target: 3 }");
  const theta = options.theta ?? 1;
  if (!(theta !== 0 && Math.abs(theta) <= 1)) throw new RangeError(`theta: must be in [-1, 0) or (0, 1], got ${theta}`);
  const gamma = checkNumber('gamma', options.gamma ?? 1, { above: 0, max: 1 });
  const m = checkInteger('candidates', options.candidates ?? 64, { min: 2 });
  const labels = await attackLabels(model, x, { ...options, targeted: true });
  const C = model.classes;
  const d = x.data.length / n;
  const maxPairs = Math.floor((d * gamma) / 2);
  const { lo, hi } = boxBounds(options.box, x.shape);
  const up = theta > 0;

  const cur = Float32Array.from(x.data);
  const domain = new Uint8Array(n * d);
  for (let j = 0; j < n * d; j++) domain[j] = (up ? cur[j]! < hi[j]! : cur[j]! > lo[j]!) ? 1 : 0;
  const running = new Uint8Array(n).fill(1);
  const done = new Uint8Array(n);
  const pairs = new Int32Array(n);
  const iterations = new Int32Array(n);
  const score = new Float64Array(d);
  for (let step = 0; step <= maxPairs; step++) {
    throwIfAborted(options.signal);
    const act: number[] = [];
    for (let s = 0; s < n; s++) if (running[s]) act.push(s);
    if (act.length === 0) break;
    const stacked = new Float32Array(2 * act.length * d);
    const cot = new Float32Array(2 * act.length * C);
    act.forEach((s, r) => {
      stacked.set(cur.subarray(s * d, (s + 1) * d), 2 * r * d);
      stacked.set(cur.subarray(s * d, (s + 1) * d), (2 * r + 1) * d);
      cot[2 * r * C + labels[s]!] = 1;
      for (let k = 0; k < C; k++) if (k !== labels[s]) cot[(2 * r + 1) * C + k] = 1;
    });
    const res = await model.vjp({ data: stacked, shape: [2 * act.length, ...model.inputShape] }, { data: cot, shape: [2 * act.length, C] });
    const g = res.grad.data;
    for (let r = 0; r < act.length; r++) {
      const s = act[r]!;
      iterations[s]!++;
      if (argmaxRow(res.logits, 2 * r) === labels[s]) { running[s] = 0; done[s] = 1; continue; }
      if (pairs[s]! >= maxPairs) { running[s] = 0; continue; }
      const alpha = g.subarray(2 * r * d, (2 * r + 1) * d);
      const beta = g.subarray((2 * r + 1) * d, (2 * r + 2) * d);
      const sign = up ? 1 : -1;
      for (let i = 0; i < d; i++) score[i] = sign * (alpha[i]! - beta[i]!);
      const cands = topCandidates(score, domain, s * d, d, m);
      let bp = -1, bq = -1, bestScore = 0;
      for (let u = 0; u < cands.length; u++)
        for (let v = u + 1; v < cands.length; v++) {
          const p = cands[u]!, q = cands[v]!;
          const A = alpha[p]! + alpha[q]!, B = beta[p]! + beta[q]!;
          if (!(sign * A > 0 && sign * B < 0)) continue;
          const sc = -A * B;
          if (sc > bestScore) { bestScore = sc; bp = p; bq = q; }
        }
      if (bp < 0) { running[s] = 0; continue; }
      for (const i of [bp, bq]) {
        const j = s * d + i;
        cur[j] = Math.min(hi[j]!, Math.max(lo[j]!, cur[j]! + theta * (hi[j]! - lo[j]!)));
        domain[j] = 0;
      }
      pairs[s]!++;
    }
    options.onStep?.({ step: step + 1, steps: maxPairs + 1 });
  }
  // Samples stopped without reaching the target (no pair, budget spent) go back to the clean input.
  for (let s = 0; s < n; s++) if (!done[s]) cur.set(x.data.subarray(s * d, (s + 1) * d), s * d);
  return finishAttack(model, x, { data: cur, shape: [...x.shape] }, labels, true, iterations);
}
