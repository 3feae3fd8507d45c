/**
 * Fast Minimum-Norm attack, L2 (Pintor et al. 2021): normalised gradient steps on the logit
 * margin inside an eps-ball whose radius is adapted every step, shrinking while the point is
 * adversarial and growing (or jumping to the linearised boundary) while it is not.
 */
import type { GradientModel } from '../gradient-model.js';
import { margin } from '../losses/margin.js';
import { argmaxRow } from '../targets.js';
import type { Tensor } from '../tensor.js';
import { checkInteger, checkNumber, isNumberIn } from '../validate.js';
import { projectBallBox } from './projections.js';
import { attackLabels, boxBounds, checkInput, finishAttack, throwIfAborted } from './result.js';
import type { AttackOptions, AttackResult } from './types.js';

export interface FastMinimumNormOptions extends AttackOptions {
  /** Only 'l2' is implemented. @defaultValue 'l2' */
  norm?: 'l2';
  /** @defaultValue 100 */
  steps?: number;
  /** Initial step length alpha_0 (input units, L2), cosine-annealed to `finalStepSize`. @defaultValue 1 */
  stepSize?: number;
  /** @defaultValue stepSize / 100 */
  finalStepSize?: number;
  /** Initial eps adjustment rate gamma_0, cosine-annealed to `finalGamma`. @defaultValue 0.05 */
  gamma?: number;
  /** @defaultValue 0.001 */
  finalGamma?: number;
}

/**
 * FMN-L2, untargeted or targeted. Per step k, with cosine factor c_k = (1 + cos(pi k / steps)) / 2,
 * alpha_k = alpha_f + (alpha_0 - alpha_f) c_k and gamma_k likewise: evaluate x + delta (one
 * `logits` and one `vjp` call); L = -(z_y - max_{i != y} z_i) (untargeted) or
 * z_t - max_{i != t} z_i (targeted); keep the point if adversarial and closer than the best; then
 * eps <- min(eps (1 - gamma), ||delta_best||) if adversarial, eps (1 + gamma) if a point was found
 * before, else (||delta|| + |L| / ||grad L||_2)(1 + gamma): the linearised distance to the boundary,
 * stretched by 1 + gamma (the reference uses no stretch; without it an affine model's iterate
 * lands exactly on the boundary, and float32 rounding towards x keeps it there); eps is
 * capped at the distance to the farthest box corner; delta <- delta + alpha grad L / ||grad L||_2,
 * projected on the eps-ball and clipped to the box. Box-aware (a deviation from the reference):
 * gradient entries that push out of the box at a face (a 0 pixel asked to darken) are dropped
 * from grad L, in the step and in the distance estimate; otherwise the estimate counts movement
 * the box forbids and, on images with saturated pixels, eps can settle short of the boundary. Samples where nothing was found are
 * returned unchanged. `eps` and `restarts` do not apply. (This is FMN, not DDN.)
 * @example
 * import { fastMinimumNorm } from '@axplain/core';
 * import { LinearModel } from '@axplain/core/testing';
 * const model = new LinearModel([2], 2, Float32Array.of(1, 0, 0, 1));
 * const r = await fastMinimumNorm(model, { data: Float32Array.of(0.6, 0.4), shape: [1, 2] });
 * r.norms.l2[0]; // ~0.1414 = |0.6 - 0.4| / sqrt(2)
 */
export async function fastMinimumNorm(model: GradientModel, x: Tensor, options: FastMinimumNormOptions = {}): Promise<AttackResult> {
  const n = checkInput(model, x);
  if (options.norm !== undefined && options.norm !== 'l2') throw new RangeError(`norm: fastMinimumNorm implements 'l2' only, got '${String(options.norm)}'`);
  const steps = checkInteger('steps', options.steps ?? 100, { min: 1 });
  const alpha0 = checkNumber('stepSize', options.stepSize ?? 1, { above: 0 });
  const alphaF = checkNumber('finalStepSize', options.finalStepSize ?? alpha0 / 100, { above: 0 });
  const gamma0 = options.gamma ?? 0.05;
  const gammaF = options.finalGamma ?? 0.001;
  for (const [name, v] of [['gamma', gamma0], ['finalGamma', gammaF]] as const) if (!isNumberIn(v, { above: 0, below: 1 })) throw new RangeError(`${name}: must be in (0, 1), got ${v}`);
  const targeted = options.targeted ?? false;
  const labels = await attackLabels(model, x, options);
  const C = model.classes;
  const d = x.data.length / n;
  const { lo, hi } = boxBounds(options.box, x.shape);

  const worst = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    let acc = 0;
    for (let j = s * d; j < (s + 1) * d; j++) acc += Math.max(x.data[j]! - lo[j]!, hi[j]! - x.data[j]!) ** 2;
    worst[s] = Math.sqrt(acc);
  }
  let cur = Float32Array.from(x.data);
  const best = Float32Array.from(x.data);
  const bestNorm = new Float64Array(n).fill(Infinity);
  const found = new Uint8Array(n);
  const eps = new Float64Array(n).fill(Infinity);
  const iterations = new Int32Array(n);
  const shape = [n, ...model.inputShape];
  for (let k = 0; k < steps; k++) {
    throwIfAborted(options.signal);
    const cos = (1 + Math.cos((Math.PI * k) / steps)) / 2;
    const alpha = alphaF + (alpha0 - alphaF) * cos;
    const gamma = gammaF + (gamma0 - gammaF) * cos;
    const z = await model.logits({ data: cur, shape });
    const mg = margin(z, labels);
    const sign = targeted ? 1 : -1;
    const loss = Float64Array.from(mg.value, (v) => sign * v);
    const cot = { data: mg.cotangent.data.map((v) => sign * v), shape: [n, C] };
    const g = (await model.vjp({ data: cur, shape }, cot)).grad.data;
    const next = new Float64Array(n * d);
    const free = new Float64Array(n * d);
    for (let s = 0; s < n; s++) {
      iterations[s]!++;
      const off = s * d;
      let dn = 0, gn = 0;
      for (let j = off; j < off + d; j++) {
        dn += (cur[j]! - x.data[j]!) ** 2;
        // Entries pushing out of the box at a face cannot move: leave them out of the step and norm.
        if ((g[j]! < 0 && cur[j]! <= lo[j]!) || (g[j]! > 0 && cur[j]! >= hi[j]!)) free[j] = 0;
        else { free[j] = g[j]!; gn += g[j]! ** 2; }
      }
      dn = Math.sqrt(dn);
      gn = Math.sqrt(gn);
      const pred = argmaxRow(z, s);
      const adv = targeted ? pred === labels[s] : pred !== labels[s];
      if (adv && dn < bestNorm[s]!) {
        bestNorm[s] = dn;
        best.set(cur.subarray(off, off + d), off);
      }
      if (adv) eps[s] = Math.min(eps[s]! * (1 - gamma), bestNorm[s]!);
      else if (found[s]) eps[s] = eps[s]! * (1 + gamma);
      else eps[s] = (dn + Math.abs(loss[s]!) / Math.max(gn, 1e-12)) * (1 + gamma);
      if (adv) found[s] = 1;
      eps[s] = Math.min(eps[s]!, worst[s]!);
      const step = gn > 0 ? alpha / gn : 0;
      for (let j = off; j < off + d; j++) next[j] = cur[j]! + step * free[j]!;
    }
    cur = projectBallBox(x.data, next, n, eps, 'l2', lo, hi);
    options.onStep?.({ step: k + 1, steps });
  }
  return finishAttack(model, x, { data: best, shape: [...x.shape] }, labels, targeted, iterations);
}
