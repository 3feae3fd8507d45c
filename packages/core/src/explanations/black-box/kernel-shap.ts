/**
 * KernelSHAP (Lundberg & Lee 2017) over segments: Shapley values of the segments as the weighted
 * least-squares fit with the Shapley kernel, constrained to add up to f(x) - f(baseline).
 */
import { resolveBaseline } from '../../attributions/baselines.js';
import { checkInteger } from '../../validate.js';
import type { GradientModel } from '../../gradient-model.js';
import { Rng } from '../../rng.js';
import type { Tensor } from '../../tensor.js';
import { prepareBlackBox, scoreRows, type BlackBoxOptions, type BlackBoxResult } from './black-box-common.js';
import { choleskySolve } from './least-squares.js';
import { resolveSegments, type SegmentOptions, type SegmentsLike } from './segments.js';

export interface KernelShapOptions extends BlackBoxOptions, SegmentOptions {
  /**
   * Forward evaluations per sample: f(x), f(baseline) and the coalitions. When 2^M - 2 coalitions
   * fit, all are enumerated (exact Shapley values); otherwise coalitions are sampled.
   * @defaultValue 2 M + 2048 (the shap library's 'auto')
   */
  maxEvals?: number;
  /** Seed of the coalition sampling. @defaultValue 0 */
  seed?: number;
}

export interface KernelShapSampleResult {
  segments: SegmentsLike;
  /** Shapley value per segment; they add up to `inputValue - baseValue`. */
  values: Float64Array;
  /** f_t(baseline): every segment removed. */
  baseValue: number;
  /** f_t(x). */
  inputValue: number;
  /** True when every coalition was evaluated (the values are the exact Shapley values). */
  exact: boolean;
}

export interface KernelShapResult extends BlackBoxResult {
  perSample: KernelShapSampleResult[];
}

/** ln C(m, s). */
function logChoose(m: number, s: number): number {
  let v = 0;
  for (let i = 1; i <= s; i++) v += Math.log(m - s + i) - Math.log(i);
  return v;
}

/**
 * Coalitions (M bits each) and their weights: all 2^M - 2 proper non-empty ones with the Shapley
 * kernel weight (M - 1) / (C(M, s) s (M - s)) when they fit in `budget`; otherwise sizes drawn
 * with probability proportional to (M - 1) / (s (M - s)), a uniform subset of that size and its
 * complement (paired sampling), each draw adding 1 to its coalition's weight, until `budget`
 * distinct coalitions are held (or 50 x budget draws).
 */
function coalitions(m: number, budget: number, rng: Rng): { masks: Uint8Array; weights: Float64Array; exact: boolean } {
  if (m < 31 && 2 ** m - 2 <= budget) {
    const count = 2 ** m - 2;
    const masks = new Uint8Array(count * m);
    const weights = new Float64Array(count);
    for (let c = 1; c <= count; c++) {
      let s = 0;
      for (let j = 0; j < m; j++) if ((c >>> j) & 1) { masks[(c - 1) * m + j] = 1; s++; }
      weights[c - 1] = Math.exp(Math.log(m - 1) - logChoose(m, s) - Math.log(s * (m - s)));
    }
    return { masks, weights, exact: true };
  }
  const sizeW = Array.from({ length: m - 1 }, (_, i) => (m - 1) / ((i + 1) * (m - i - 1)));
  const total = sizeW.reduce((a, b) => a + b, 0);
  const seen = new Map<string, number>();
  const list: Uint8Array[] = [];
  const weights: number[] = [];
  const order = Int32Array.from({ length: m }, (_, j) => j);
  const add = (mask: Uint8Array): boolean => {
    const key = mask.join('');
    const at = seen.get(key);
    if (at !== undefined) { weights[at]! += 1; return true; }
    if (list.length >= budget) return false;
    seen.set(key, list.length);
    list.push(mask);
    weights.push(1);
    return true;
  };
  for (let draw = 0; draw < 50 * budget && list.length < budget; draw++) {
    let u = rng.next() * total, s = 1;
    while (s < m - 1 && u >= sizeW[s - 1]!) { u -= sizeW[s - 1]!; s++; }
    for (let j = 0; j < s; j++) { // partial Fisher-Yates: the first s of a random permutation
      const k = j + Math.floor(rng.next() * (m - j));
      [order[j], order[k]] = [order[k]!, order[j]!];
    }
    const mask = new Uint8Array(m);
    for (let j = 0; j < s; j++) mask[order[j]!] = 1;
    if (!add(mask) || !add(mask.map((b) => 1 - b))) break;
  }
  const masks = new Uint8Array(list.length * m);
  list.forEach((mk, r) => masks.set(mk, r * m));
  return { masks, weights: Float64Array.from(weights), exact: false };
}

/**
 * Shapley values phi of the M segments of each sample for the game v(S) = f_t(x with the segments
 * outside S replaced by the baseline): minimise sum_z pi(z) (v(z) - v(0) - z . phi)^2 subject to
 * sum phi = v(1) - v(0) (efficiency), solved exactly by eliminating phi_M. With every coalition
 * enumerated (when 2^M - 2 <= maxEvals - 2) the result is the exact Shapley values of the game,
 * for any model; sampled coalitions approximate them (exact again for an additive model). The map
 * gives every input value its segment's phi.
 * @example
 * import { kernelShap } from '@axplain/core';
 * import { LinearModel } from '@axplain/core/testing';
 * const model = new LinearModel([4], 2, Float32Array.of(1, 1, 2, 2, 0, 0, 0, 0));
 * const segments = { labels: Int32Array.of(0, 0, 1, 1), count: 2 };
 * const r = await kernelShap(model, { data: Float32Array.of(1, 1, 1, 1), shape: [1, 4] }, { segments, target: 0 });
 * r.perSample[0].values; // Float64Array [2, 4]; r.perSample[0].exact === true
 */
export async function kernelShap(model: GradientModel, x: Tensor, options: KernelShapOptions = {}): Promise<KernelShapResult> {
  const seed = checkInteger('seed', options.seed ?? 0, { min: 0 });
  if (options.maxEvals !== undefined) checkInteger('maxEvals', options.maxEvals, { min: 3 });
  const { n, d, targets, inputScores, output, internalBatchSize } = await prepareBlackBox(model, x, options);
  const segs = resolveSegments(x, model.inputShape, options);
  const base = resolveBaseline(options.baseline, x, model.inputShape);
  const plans = segs.map(({ count }) => {
    const budget = checkInteger('maxEvals', options.maxEvals ?? 2 * count + 2048, { min: 3 }) - 2;
    return count === 1 ? { masks: new Uint8Array(0), weights: new Float64Array(0), exact: true } : coalitions(count, budget, new Rng(seed));
  });
  // Row layout: per sample, the empty coalition (the baseline) and then its coalitions.
  const offsets = [0];
  plans.forEach((p, s) => offsets.push(offsets[s]! + 1 + p.weights.length));
  const sampleOf = new Int32Array(offsets.at(-1)!);
  for (let s = 0; s < n; s++) sampleOf.fill(s, offsets[s]!, offsets[s + 1]!);
  const scores = await scoreRows(model, offsets.at(-1)!, d, (row, out) => {
    const s = sampleOf[row]!;
    const r = row - offsets[s]! - 1;
    const { segOf, count } = segs[s]!;
    const mask = plans[s]!.masks;
    for (let i = 0; i < d; i++) out[i] = r >= 0 && mask[r * count + segOf[i]!] ? x.data[s * d + i]! : base.data[s * d + i]!;
  }, (row) => targets[sampleOf[row]!]!, output, { internalBatchSize, signal: options.signal, onStep: options.onStep });

  const data = new Float32Array(n * d);
  const perSample = segs.map(({ segments, segOf, count: m }, s) => {
    const { masks, weights, exact } = plans[s]!;
    const v0 = scores[offsets[s]!]!;
    const total = inputScores[s]! - v0;
    const values = new Float64Array(m);
    if (m === 1) values[0] = total;
    else {
      // y' = v(z) - v0 - z_M total = sum_{j < M} phi_j (z_j - z_M)
      const p = m - 1;
      const a = new Float64Array(p * p);
      const rhs = new Float64Array(p);
      const row = new Float64Array(p);
      weights.forEach((w, r) => {
        const zm = masks[r * m + p]!;
        for (let j = 0; j < p; j++) row[j] = masks[r * m + j]! - zm;
        const y = scores[offsets[s]! + 1 + r]! - v0 - zm * total;
        for (let i = 0; i < p; i++) {
          if (row[i] === 0) continue;
          rhs[i]! += w * row[i]! * y;
          for (let j = 0; j < p; j++) a[i * p + j]! += w * row[i]! * row[j]!;
        }
      });
      const phi = choleskySolve(a, rhs, p);
      if (!phi) throw new RangeError(`kernelShap: the sampled coalitions of sample ${s} do not determine ${m} Shapley values; raise maxEvals or use fewer segments`);
      values.set(phi);
      values[p] = total - phi.reduce((acc, v) => acc + v, 0);
    }
    for (let i = 0; i < d; i++) data[s * d + i] = values[segOf[i]!]!;
    return { segments, values, baseValue: v0, inputValue: inputScores[s]!, exact };
  });
  return {
    attribution: { data, shape: [...x.shape] }, targets,
    evals: Int32Array.from({ length: n }, (_, s) => offsets[s + 1]! - offsets[s]! + 1), perSample,
  };
}
