/** Logit margins (CW, FMN, DeepFool) and the DLR loss of AutoAttack, with their derivatives. */
import { AxplainError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import type { LossResult } from './loss.js';

/** Index of the largest logit of row `i` other than class `y` (negative logits handled). */
export function runnerUp(z: Float32Array, i: number, c: number, y: number): number {
  let best = -1;
  for (let k = 0; k < c; k++) if (k !== y && (best < 0 || z[i * c + k]! > z[i * c + best]!)) best = k;
  return best;
}

/**
 * margin = z_y - max_{i != y} z_i (positive while y wins); cotangent e_y - e_{j*}.
 * Targeted use: pass the target as `y` (the margin is positive once the target wins).
 */
export function margin(logits: Tensor, y: ArrayLike<number>): LossResult {
  const [n, c] = logits.shape as [number, number];
  if (c < 2) throw new AxplainError(`margin: needs at least 2 classes, the logits have ${c}`, 'CLASSES');
  const value = new Float32Array(n);
  const ct = new Float32Array(n * c);
  for (let i = 0; i < n; i++) {
    const j = runnerUp(logits.data, i, c, y[i]!);
    value[i] = logits.data[i * c + y[i]!]! - logits.data[i * c + j]!;
    ct[i * c + y[i]!] = 1;
    ct[i * c + j] = -1;
  }
  return { value, cotangent: { data: ct, shape: [n, c] } };
}

/** Classes of row i sorted by logit, descending. */
function order(z: Float32Array, i: number, c: number): number[] {
  return Array.from({ length: c }, (_, k) => k).sort((a, b) => z[i * c + b]! - z[i * c + a]! || a - b);
}

/**
 * Difference of Logits Ratio (Croce & Hein 2020), untargeted:
 * DLR = -(z_y - max_{i != y} z_i) / (z_pi1 - z_pi3 + 1e-12), pi the descending order.
 * Targeted (t given): -(z_y - z_t) / (z_pi1 - (z_pi3 + z_pi4) / 2 + 1e-12).
 * Both are maximised by an attack. Needs >= 3 classes (targeted >= 4).
 */
export function dlr(logits: Tensor, y: ArrayLike<number>, t?: ArrayLike<number>): LossResult {
  const [n, c] = logits.shape as [number, number];
  const need = t ? 4 : 3;
  if (c < need) throw new AxplainError(`dlr: the ${t ? 'targeted ' : ''}DLR loss needs at least ${need} classes, the model has ${c}; use cross-entropy or margin`, 'CLASSES');
  const z = logits.data;
  const value = new Float32Array(n);
  const ct = new Float32Array(n * c);
  for (let i = 0; i < n; i++) {
    const pi = order(z, i, c);
    const yi = y[i]!;
    const other = t ? t[i]! : runnerUp(z, i, c, yi);
    const num = z[i * c + yi]! - z[i * c + other]!;
    // Denominator and its coefficients on the sorted classes.
    const den = t
      ? z[i * c + pi[0]!]! - (z[i * c + pi[2]!]! + z[i * c + pi[3]!]!) / 2 + 1e-12
      : z[i * c + pi[0]!]! - z[i * c + pi[2]!]! + 1e-12;
    value[i] = -num / den;
    // d(-num/den) = -dnum/den + num/den^2 dden.
    const g = ct.subarray(i * c, i * c + c);
    g[yi]! += -1 / den;
    g[other]! += 1 / den;
    const s = num / (den * den);
    g[pi[0]!]! += s;
    if (t) { g[pi[2]!]! -= s / 2; g[pi[3]!]! -= s / 2; } else g[pi[2]!]! -= s;
  }
  return { value, cotangent: { data: ct, shape: [n, c] } };
}
