/**
 * Carlini-Wagner L2 (Carlini & Wagner 2017): minimise ||x' - x||_2^2 + c * hinge(margin + kappa)
 * over x' = tanh(w) * b + a (the box becomes unconstrained), with Adam on w and a per-sample
 * binary search over c.
 */
import type { GradientModel } from '../gradient-model.js';
import { margin } from '../losses/margin.js';
import { ADAM_DEFAULTS, adamUpdate } from '../optim/adam.js';
import { argmax } from '../stats/argmax.js';
import type { Tensor } from '../tensor.js';
import { checkInteger, checkNumber } from '../validate.js';
import { attackLabels, boxBounds, checkInput, finishAttack, throwIfAborted } from './result.js';
import type { AttackOptions, AttackResult } from './types.js';

export interface CarliniWagnerOptions extends AttackOptions {
  /**
   * Confidence kappa: a point counts as adversarial (and is kept) only when the margin of the
   * attacked class is at least kappa in logits. @defaultValue 0
   */
  confidence?: number;
  /** Binary-search rounds over the constant c. @defaultValue 9 */
  binarySearchSteps?: number;
  /** c of the first round. @defaultValue 1e-3 */
  initialConst?: number;
  /** Adam steps per round. @defaultValue 1000 (the authors use up to 10 000; abort-early ends most rounds sooner) */
  steps?: number;
  /** Adam learning rate on w. @defaultValue 0.01 */
  stepSize?: number;
  /**
   * Stop a sample's round when its loss has not fallen by 0.01% over the last steps/10
   * steps. @defaultValue true
   */
  abortEarly?: boolean;
}

export interface CarliniWagnerResult extends AttackResult {
  /** The constant c of the round that found the kept point per sample (NaN where none). */
  consts: Float32Array;
}


/** Copies rows `idx` of a flat [N, d] buffer into a new Float32Array [idx.length, d]. */
function gather(src: ArrayLike<number>, idx: readonly number[], d: number): Float32Array {
  const out = new Float32Array(idx.length * d);
  idx.forEach((s, r) => { for (let i = 0; i < d; i++) out[r * d + i] = src[s * d + i]!; });
  return out;
}

/**
 * Success with confidence: the attacked class loses by at least kappa (untargeted), or the
 * target wins by at least kappa (targeted), decided with argmax (first index on ties) on logits
 * shifted by kappa, as the reference implementations do.
 */
function confidentSuccess(z: Float32Array, row: number, c: number, label: number, kappa: number, targeted: boolean): boolean {
  const shifted = Float64Array.from(z.subarray(row * c, (row + 1) * c));
  shifted[label] = shifted[label]! + (targeted ? -kappa : kappa);
  const best = argmax(shifted);
  return targeted ? best === label : best !== label;
}

/**
 * Carlini-Wagner L2 attack. Untargeted, the loss term is max(z_y - max_{i != y} z_i + kappa, 0);
 * targeted, max(max_{i != t} z_i - z_t + kappa, 0) (the margin takes the largest *other* logit,
 * so negative logits are handled). Per sample and per binary-search round: w starts at
 * atanh(0.999999 (x - a) / b), Adam runs `steps` steps, and every iterate that is adversarial
 * with confidence kappa and closer than the best so far is kept. After a round, success lowers
 * the upper bound on c (c = midpoint), failure raises the lower bound (c = midpoint, or c * 10
 * while no upper bound is known). Samples where nothing was found are returned unchanged.
 * `eps`, `norm` and `restarts` do not apply (a norm other than 'l2' is refused).
 *
 * Each step costs one `logits` call and one `vjp` call on the samples still running (the vjp is
 * skipped for samples whose hinge is inactive).
 * @example
 * import { carliniWagner } from '@axplain/core';
 * import { LinearModel } from '@axplain/core/testing';
 * const model = new LinearModel([2], 2, Float32Array.of(1, 0, 0, 1));
 * const x = { data: Float32Array.of(0.6, 0.4), shape: [1, 2] };
 * const r = await carliniWagner(model, x, { steps: 200 });
 * r.norms.l2[0]; // ~0.1414 = |0.6 - 0.4| / sqrt(2), the distance to the boundary x0 = x1
 */
export async function carliniWagner(model: GradientModel, x: Tensor, options: CarliniWagnerOptions = {}): Promise<CarliniWagnerResult> {
  const n = checkInput(model, x);
  if (options.norm !== undefined && options.norm !== 'l2') throw new RangeError(`norm: Carlini-Wagner is an L2 attack, got '${options.norm}'`);
  const kappa = checkNumber('confidence', options.confidence ?? 0, { min: 0 });
  const rounds = checkInteger('binarySearchSteps', options.binarySearchSteps ?? 9, { min: 1 });
  const steps = checkInteger('steps', options.steps ?? 1000, { min: 1 });
  const lr = checkNumber('stepSize', options.stepSize ?? 0.01, { above: 0 });
  const adam = { ...ADAM_DEFAULTS, lr };
  const c0 = checkNumber('initialConst', options.initialConst ?? 1e-3, { above: 0 });
  const abortEarly = options.abortEarly ?? true;
  const targeted = options.targeted ?? false;
  const labels = await attackLabels(model, x, options);
  const C = model.classes;
  const d = x.data.length / n;
  const { lo, hi } = boxBounds(options.box, x.shape);
  const a = Float64Array.from(lo, (l, i) => (hi[i]! + l) / 2);
  const b = Float64Array.from(lo, (l, i) => (hi[i]! - l) / 2);
  const w0 = Float64Array.from(x.data, (v, i) => {
    if (!(b[i]! > 0)) return 0;
    const u = Math.min(1, Math.max(-1, (v - a[i]!) / b[i]!));
    return Math.atanh(0.999999 * u);
  });

  const best = Float32Array.from(x.data);
  const bestL2 = new Float64Array(n).fill(Infinity);
  const consts = new Float32Array(n).fill(NaN);
  const iterations = new Int32Array(n);
  const c = new Float64Array(n).fill(c0);
  const loC = new Float64Array(n);
  const hiC = new Float64Array(n).fill(Infinity);
  const checkEvery = Math.max(1, Math.ceil(steps / 10));

  for (let round = 0; round < rounds; round++) {
    const w = Float64Array.from(w0);
    const m1 = new Float64Array(n * d);
    const m2 = new Float64Array(n * d);
    const found = new Uint8Array(n);
    const running = new Uint8Array(n).fill(1);
    const lastLoss = new Float64Array(n).fill(Infinity);
    for (let step = 0; step < steps; step++) {
      throwIfAborted(options.signal);
      const act: number[] = [];
      for (let s = 0; s < n; s++) if (running[s]) act.push(s);
      if (act.length === 0) break;
      // x' = tanh(w) b + a for the running samples (float32, inside the box).
      const xa = new Float32Array(act.length * d);
      act.forEach((s, r) => {
        for (let i = 0; i < d; i++) {
          const j = s * d + i;
          xa[r * d + i] = Math.min(hi[j]!, Math.max(lo[j]!, Math.tanh(w[j]!) * b[j]! + a[j]!));
        }
      });
      const z = (await model.logits({ data: xa, shape: [act.length, ...model.inputShape] })).data;
      const lab = Int32Array.from(act, (s) => labels[s]!);
      const mg = margin({ data: z, shape: [act.length, C] }, lab);
      // Hinge argument: z_y - max_other + kappa (untargeted), max_other - z_t + kappa (targeted).
      const hinge = Float64Array.from(mg.value, (v) => (targeted ? -v : v) + kappa);
      const cot = new Float32Array(act.length * C);
      const grads: number[] = [];
      act.forEach((s, r) => {
        iterations[s]!++;
        let l2 = 0;
        for (let i = 0; i < d; i++) { const u = xa[r * d + i]! - x.data[s * d + i]!; l2 += u * u; }
        const loss = l2 + c[s]! * Math.max(hinge[r]!, 0);
        if (confidentSuccess(z, r, C, labels[s]!, kappa, targeted)) {
          found[s] = 1;
          if (l2 < bestL2[s]! * bestL2[s]!) {
            bestL2[s] = Math.sqrt(l2);
            best.set(xa.subarray(r * d, (r + 1) * d), s * d);
            consts[s] = c[s]!;
          }
        }
        if (abortEarly && step % checkEvery === 0) {
          if (!(loss <= 0.9999 * lastLoss[s]!)) { running[s] = 0; return; }
          lastLoss[s] = loss;
        }
        if (hinge[r]! > 0) {
          grads.push(r);
          const k = (targeted ? -1 : 1) * c[s]!;
          for (let j = 0; j < C; j++) cot[r * C + j] = k * mg.cotangent.data[r * C + j]!;
        }
      });
      // d loss / d x' = 2 (x' - x) + vjp(c * dhinge); then chain through x' = tanh(w) b + a.
      const gModel = new Float64Array(act.length * d);
      if (grads.length > 0) {
        const rows = gather(xa, grads, d);
        const ct = gather(cot, grads, C);
        const g = (await model.vjp({ data: rows, shape: [grads.length, ...model.inputShape] }, { data: ct, shape: [grads.length, C] })).grad.data;
        grads.forEach((r, q) => { for (let i = 0; i < d; i++) gModel[r * d + i] = g[q * d + i]!; });
      }
      const gw = new Float64Array(d);
      act.forEach((s, r) => {
        if (!running[s]) return;
        for (let i = 0; i < d; i++) {
          const j = s * d + i;
          const th = Math.tanh(w[j]!);
          const gx = 2 * (xa[r * d + i]! - x.data[j]!) + gModel[r * d + i]!;
          gw[i] = gx * b[j]! * (1 - th * th);
        }
        const row = (buf: Float64Array) => buf.subarray(s * d, (s + 1) * d);
        adamUpdate(row(w), gw, row(m1), row(m2), step + 1, adam);
      });
      options.onStep?.({ step: round * steps + step + 1, steps: rounds * steps });
    }
    for (let s = 0; s < n; s++) {
      if (found[s]) {
        hiC[s] = Math.min(hiC[s]!, c[s]!);
        c[s] = (loC[s]! + hiC[s]!) / 2;
      } else {
        loC[s] = Math.max(loC[s]!, c[s]!);
        c[s] = hiC[s]! < 1e9 ? (loC[s]! + hiC[s]!) / 2 : c[s]! * 10;
      }
    }
  }
  const result = await finishAttack(model, x, { data: best, shape: [...x.shape] }, labels, targeted, iterations);
  return { ...result, consts };
}
