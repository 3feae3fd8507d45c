/**
 * Quantisation-aware attack results. An adversarial example saved as an 8-bit image is rounded to
 * the pixel grid, and a minimal-norm attack (CW, DeepFool, FMN) ends so close to the decision
 * boundary that rounding can undo it. `quantizeAttackResult` rounds every example to the grid of
 * `levels` steps across the input box (to the nearest value, or towards the clean input when there
 * is a budget, so no norm grows), re-checks it, and where rounding undid a success pushes the
 * example further along its own perturbation — x + t·(adv - x) for a scale t > 1, rounded again —
 * keeping the smallest such t that is adversarial within the budget (a scan, then bisection).
 * Where none is, the rounded example is returned and reported as failed.
 */
import type { GradientModel } from '../gradient-model.js';
import { predictions } from '../targets.js';
import type { Tensor } from '../tensor.js';
import { checkInteger, checkNumber } from '../validate.js';
import { boxBounds, perturbationNorms, throwIfAborted } from './result.js';
import type { AttackResult, Box, Norms } from './types.js';

export interface QuantizeOptions {
  /** Grid steps across the box: 255 for 8-bit images (the grid then holds 256 values). */
  levels: number;
  /** The input box the grid spans (pixel values 0 and 255 in model units). @defaultValue { lo: 0, hi: 1 } */
  box?: Box;
  /** Whether `result.labels` are targets (success: reach them) or classes to leave. */
  targeted: boolean;
  /** The budget the saved example must stay within, in `norm`. */
  eps?: number;
  /** Norm of the budget (`k-sparse` is measured in l1). @defaultValue 'linf' */
  norm?: 'linf' | 'l2' | 'l1' | 'l0' | 'k-sparse';
  /** Largest scale of the perturbation tried (the budget may bound it further). @defaultValue 4 */
  maxScale?: number;
  /** Scales scanned per sample before bisecting. @defaultValue 8 */
  candidates?: number;
  /** Bisection steps between the last failing and the first adversarial scale. @defaultValue 6 */
  bisections?: number;
  signal?: AbortSignal;
}

export interface QuantizedAttack {
  /**
   * The examples on the grid, with `success` (misclassified, or classified as the target) and
   * `norms` recomputed from them; whether they stay within the budget is `successWithin`'s.
   */
  result: AttackResult;
  /** Success of the plain rounding, before any push (misclassified, budget aside). */
  roundedSuccess: Uint8Array;
  /** Samples that rounding undid and the push along the perturbation restored. */
  pushed: Uint8Array;
  /** Scale t of the perturbation saved (1: rounded as found). */
  scale: Float32Array;
}

/** Rows per model call while searching. */
const CHUNK = 32;

const sizeIn = (n: Norms, norm: QuantizeOptions['norm'], i: number): number =>
  norm === 'l2' ? n.l2[i]! : norm === 'l1' || norm === 'k-sparse' ? n.l1[i]! : norm === 'l0' ? n.l0[i]! : n.linf[i]!;

/**
 * Rounds attack results to the grid of the box and pushes the ones rounding undid.
 * @example
 * const { result } = await quantizeAttackResult(model, x, raw, { levels: 255, targeted: false, eps: 3, norm: 'l2' });
 * result.success; // of the examples an 8-bit PNG holds
 */
export async function quantizeAttackResult(model: GradientModel, x: Tensor, raw: AttackResult, options: QuantizeOptions): Promise<QuantizedAttack> {
  const levels = checkInteger('quantize', options.levels, { min: 1 });
  const maxScale = checkNumber('maxScale', options.maxScale ?? 4, { min: 1 });
  const K = checkInteger('candidates', options.candidates ?? 8, { min: 1 });
  const B = checkInteger('bisections', options.bisections ?? 6, { min: 0 });
  const norm = options.norm ?? 'linf';
  const eps = options.eps;
  const n = x.shape[0]!;
  const d = x.data.length / Math.max(n, 1);
  const { lo, hi } = boxBounds(options.box, x.shape);
  const within = (nm: Norms, i: number): boolean => eps === undefined || sizeIn(nm, norm, i) <= eps * (1 + 1e-6);

  /** Sample s of x + t (adv - x), clipped to the box and rounded to the grid (inside a linf budget). */
  const candidate = (s: number, t: number, out: Float32Array, at: number): void => {
    for (let j = 0; j < d; j++) {
      const i = s * d + j;
      const xi = x.data[i]!;
      const step = (hi[i]! - lo[i]!) / levels;
      if (!(step > 0)) { out[at + j] = xi; continue; }
      const v = Math.min(hi[i]!, Math.max(lo[i]!, xi + t * (raw.adversarial.data[i]! - xi)));
      // Within a budget, round towards x: no coordinate of the perturbation grows, nor any norm.
      const kv = (v - lo[i]!) / step;
      let k = eps === undefined ? Math.round(kv) : v >= xi ? Math.floor(kv + 1e-6) : Math.ceil(kv - 1e-6);
      if (eps !== undefined && norm === 'linf') {
        k = Math.max(k, Math.ceil((xi - eps - lo[i]!) / step - 1e-6));
        k = Math.min(k, Math.floor((xi + eps - lo[i]!) / step + 1e-6));
      }
      const kx = (xi - lo[i]!) / step;
      // A clean value on the grid stays bit-identical where the example does not move it.
      out[at + j] = Math.abs(kx - k) < 1e-3 ? xi : Math.min(hi[i]!, Math.max(lo[i]!, lo[i]! + k * step));
    }
  };
  /**
   * Evaluates (sample, scale) pairs, CHUNK rows per model call: adversarial, and within the
   * budget? `keep` returns the candidates too.
   */
  const evaluate = async (pairs: [number, number][], keep = false): Promise<{ adv: boolean[]; ok: boolean[]; data: Float32Array }> => {
    const kept = new Float32Array(keep ? pairs.length * d : 0);
    const adv: boolean[] = [];
    const ok: boolean[] = [];
    for (let c = 0; c < pairs.length; c += CHUNK) {
      const part = pairs.slice(c, c + CHUNK);
      const data = new Float32Array(part.length * d);
      const ref = new Float32Array(part.length * d);
      part.forEach(([s, t], r) => { candidate(s, t, data, r * d); ref.set(x.data.subarray(s * d, (s + 1) * d), r * d); });
      const shape = [part.length, ...x.shape.slice(1)];
      const pred = predictions(await model.logits({ data, shape }));
      const norms = perturbationNorms({ data: ref, shape }, { data, shape });
      part.forEach(([s], r) => {
        const a = options.targeted ? pred[r] === raw.labels[s] : pred[r] !== raw.labels[s];
        adv.push(a);
        ok.push(a && within(norms, r));
      });
      if (keep) kept.set(data, c * d);
    }
    return { adv, ok, data: kept };
  };

  throwIfAborted(options.signal);
  const all = Array.from({ length: n }, (_, s): [number, number] => [s, 1]);
  const first = await evaluate(all, true);
  const adversarial = first.data;
  const roundedSuccess = Uint8Array.from(first.adv, (v) => (v ? 1 : 0));
  const pushed = new Uint8Array(n);
  const scale = new Float32Array(n).fill(1);
  const rawNorms = raw.norms;
  // Only the attack's own successes are pushed; the budget bounds the scale (linf stays inside it by rounding).
  const todo = all.map(([s]) => s).filter((s) => !first.ok[s] && raw.success[s]);
  const tMax = new Map(todo.map((s) => {
    const size = sizeIn(rawNorms, norm, s);
    const bound = eps === undefined || norm === 'linf' || norm === 'l0' || size === 0 ? maxScale : Math.min(maxScale, eps / size);
    return [s, bound] as const;
  }));
  const live = todo.filter((s) => tMax.get(s)! > 1);
  if (live.length) {
    throwIfAborted(options.signal);
    // Scan scales 1 < t <= tMax, denser near 1, then bisect below the first adversarial one.
    const scales = (s: number) => Array.from({ length: K }, (_, j) => 1 + (tMax.get(s)! - 1) * ((j + 1) / K) ** 2);
    const scan = await evaluate(live.flatMap((s) => scales(s).map((t): [number, number] => [s, t])));
    const bracket = new Map<number, [number, number]>();
    live.forEach((s, k) => {
      const j = scales(s).findIndex((_, c) => scan.ok[k * K + c]);
      if (j >= 0) bracket.set(s, [j === 0 ? 1 : scales(s)[j - 1]!, scales(s)[j]!]);
    });
    for (let b = 0; b < B && bracket.size; b++) {
      throwIfAborted(options.signal);
      const ss = [...bracket.keys()];
      const mid = await evaluate(ss.map((s) => [s, (bracket.get(s)![0] + bracket.get(s)![1]) / 2]));
      ss.forEach((s, r) => {
        const [a, c] = bracket.get(s)!;
        bracket.set(s, mid.ok[r] ? [a, (a + c) / 2] : [(a + c) / 2, c]);
      });
    }
    if (bracket.size) {
      const ss = [...bracket.keys()];
      const fin = await evaluate(ss.map((s) => [s, bracket.get(s)![1]]), true);
      ss.forEach((s, r) => {
        if (!fin.ok[r]) return;
        adversarial.set(fin.data.subarray(r * d, (r + 1) * d), s * d);
        pushed[s] = 1;
        scale[s] = bracket.get(s)![1];
      });
    }
  }
  const adv = { data: adversarial, shape: [...x.shape] };
  const logits = await model.logits(adv);
  const pred = predictions(logits);
  const norms = perturbationNorms(x, adv);
  const success = Uint8Array.from(pred, (p, s) => ((options.targeted ? p === raw.labels[s] : p !== raw.labels[s]) ? 1 : 0));
  return { result: { ...raw, adversarial: adv, success, logits, norms }, roundedSuccess, pushed, scale };
}
