/**
 * Noisy linear imputation (Rong, Leemann, Borisov, Kasneci, Kasneci, "A Consistent and Efficient
 * Evaluation Strategy for Attribution Methods", 2022): every removed pixel takes the weighted
 * mean of its 8 neighbours (weight 1/6 for the 4 direct ones, 1/12 for the diagonals; only
 * neighbours inside the image, renormalised), removed neighbours included, so the removed values
 * solve one sparse linear system per channel; Gaussian noise is then added to them. The system
 * (diagonally dominant, symmetric) is solved by conjugate gradients. A plane is reproduced
 * exactly in the interior (its value is the symmetric mean of its neighbours).
 */
import type { Rng } from '@axplain/core';
import type { Spatial } from '../spatial.js';

const OFFSETS: readonly (readonly [number, number, number])[] = [
  [-1, 0, 1 / 6], [1, 0, 1 / 6], [0, -1, 1 / 6], [0, 1, 1 / 6],
  [-1, -1, 1 / 12], [-1, 1, 1 / 12], [1, -1, 1 / 12], [1, 1, 1 / 12],
];

/** Neighbour table of a grid: 8 slots per pixel (index, or -1 outside the image) and their weights. */
interface Neighbours { index: Int32Array; weight: Float64Array; total: Float64Array }
const tables = new Map<string, Neighbours>();

function neighbourTable(height: number, width: number): Neighbours {
  const key = `${height}x${width}`;
  let t = tables.get(key);
  if (t) return t;
  const hw = height * width;
  t = { index: new Int32Array(hw * 8).fill(-1), weight: new Float64Array(hw * 8), total: new Float64Array(hw) };
  for (let p = 0; p < hw; p++) {
    const y = Math.floor(p / width), x = p % width;
    OFFSETS.forEach(([dy, dx, w], k) => {
      const yy = y + dy, xx = x + dx;
      if (yy < 0 || yy >= height || xx < 0 || xx >= width) return;
      t!.index[p * 8 + k] = yy * width + xx;
      t!.weight[p * 8 + k] = w;
      t!.total[p]! += w;
    });
  }
  if (tables.size > 16) tables.clear();
  tables.set(key, t);
  return t;
}

/**
 * Imputes, in place, the pixels of one sample (`values`, laid out as `sp`) where `removed` is 1,
 * then adds N(0, noise^2) to them. With no pixel left to impute from, removed pixels become noise
 * around 0.
 */
export function noisyLinearImputation(values: Float32Array, sp: Spatial, removed: Uint8Array, noise: number, rng: Rng): void {
  const unknown: number[] = [];
  const slot = new Int32Array(removed.length).fill(-1);
  for (let p = 0; p < removed.length; p++) if (removed[p]) { slot[p] = unknown.length; unknown.push(p); }
  const m = unknown.length;
  if (m === 0) return;
  const nb = neighbourTable(sp.height, sp.width);
  const apply = (v: Float64Array, out: Float64Array) => {
    for (let k = 0; k < m; k++) {
      const p = unknown[k]!;
      let s = nb.total[p]! * v[k]!;
      for (let j = p * 8; j < p * 8 + 8; j++) {
        const q = nb.index[j]!;
        if (q >= 0 && slot[q]! >= 0) s -= nb.weight[j]! * v[slot[q]!]!;
      }
      out[k] = s;
    }
  };
  for (let c = 0; c < sp.channels; c++) {
    const b = new Float64Array(m);
    let known = 0, knownSum = 0;
    for (let p = 0; p < removed.length; p++) if (!removed[p]) { known++; knownSum += values[sp.at(c, p)]!; }
    const v = new Float64Array(m).fill(known ? knownSum / known : 0);
    if (known > 0) {
      for (let k = 0; k < m; k++) {
        const p = unknown[k]!;
        for (let j = p * 8; j < p * 8 + 8; j++) {
          const q = nb.index[j]!;
          if (q >= 0 && slot[q]! < 0) b[k]! += nb.weight[j]! * values[sp.at(c, q)]!;
        }
      }
      conjugateGradients(apply, b, v);
    }
    for (let k = 0; k < m; k++) values[sp.at(c, unknown[k]!)] = v[k]! + noise * rng.normal();
  }
}

/** Solves A v = b in place from the initial v (A symmetric positive definite, given as a product). */
function conjugateGradients(apply: (v: Float64Array, out: Float64Array) => void, b: Float64Array, v: Float64Array): void {
  const m = b.length, r = new Float64Array(m), p = new Float64Array(m), ap = new Float64Array(m);
  apply(v, ap);
  let rr = 0, bb = 0;
  for (let k = 0; k < m; k++) { r[k] = b[k]! - ap[k]!; p[k] = r[k]!; rr += r[k]! * r[k]!; bb += b[k]! * b[k]!; }
  const tol = 1e-12 * Math.max(bb, 1e-30);
  for (let it = 0; it < 4 * m + 50 && rr > tol; it++) {
    apply(p, ap);
    let pap = 0;
    for (let k = 0; k < m; k++) pap += p[k]! * ap[k]!;
    const alpha = rr / pap;
    let next = 0;
    for (let k = 0; k < m; k++) { v[k]! += alpha * p[k]!; r[k]! -= alpha * ap[k]!; next += r[k]! * r[k]!; }
    for (let k = 0; k < m; k++) p[k] = r[k]! + (next / rr) * p[k]!;
    rr = next;
  }
}
