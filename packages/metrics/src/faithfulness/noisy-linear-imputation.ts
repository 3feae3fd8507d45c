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

/** In-image neighbours of pixel p with their weights. */
function neighbours(p: number, sp: Spatial): [number, number][] {
  const y = Math.floor(p / sp.width), x = p % sp.width;
  const out: [number, number][] = [];
  for (const [dy, dx, w] of OFFSETS) {
    const yy = y + dy, xx = x + dx;
    if (yy >= 0 && yy < sp.height && xx >= 0 && xx < sp.width) out.push([yy * sp.width + xx, w]);
  }
  return out;
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
  const nbrs = unknown.map((p) => neighbours(p, sp));
  const diag = Float64Array.from(nbrs, (ns) => ns.reduce((s, [, w]) => s + w, 0));
  const apply = (v: Float64Array, out: Float64Array) => {
    for (let k = 0; k < m; k++) {
      let s = diag[k]! * v[k]!;
      for (const [q, w] of nbrs[k]!) if (slot[q]! >= 0) s -= w * v[slot[q]!]!;
      out[k] = s;
    }
  };
  for (let c = 0; c < sp.channels; c++) {
    const b = new Float64Array(m);
    let known = 0, knownSum = 0;
    for (let p = 0; p < removed.length; p++) if (!removed[p]) { known++; knownSum += values[sp.at(c, p)]!; }
    const v = new Float64Array(m).fill(known ? knownSum / known : 0);
    if (known > 0) {
      for (let k = 0; k < m; k++) for (const [q, w] of nbrs[k]!) if (slot[q]! < 0) b[k]! += w * values[sp.at(c, q)]!;
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
