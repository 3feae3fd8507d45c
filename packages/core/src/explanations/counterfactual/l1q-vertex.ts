/**
 * The "L1-q" linear maximisation oracle of Roberts & Tsiligkaridis (controllably sparse
 * Frank-Wolfe): a vertex of the polytope {||s||_1 <= eps, ||s||_inf <= eps / k} with at most k
 * nonzeros, placed on the coordinates where the gradient is largest.
 */
import { isNumberIn } from '../../validate.js';

/**
 * Nonzeros per vertex for sparsity q on d values: k = max(1, floor((1 - q) d)), at most d.
 * @example sparsityK(0.995, 784) // 3
 */
export function sparsityK(q: number, d: number): number {
  if (!isNumberIn(q, { min: 0, below: 1 })) throw new RangeError(`sparsity: must be in [0, 1), got ${q}`);
  // + 1e-9: (1 - 0.9) * 50 is 4.999... in floating point
  return Math.min(d, Math.max(1, Math.floor((1 - q) * d + 1e-9)));
}

/**
 * Writes the L1-q vertex for the gradient g[off, off + d) into out[off, off + d) and returns its
 * number of nonzeros (<= k). Without a box this is exactly the paper's oracle: the k largest |g_i|
 * get eps * sign(g_i) / k, the rest 0. With a box, coordinate i can move by at most room(i, up)
 * in the direction of sign(g_i); the vertex then takes the k coordinates with the largest
 * |g_i| * min(eps / k, room_i) and moves each by sign(g_i) min(eps / k, room_i) - the exact
 * maximiser of <g, s> over k-sparse s with |s_i| <= min(eps / k, room_i), so x + s stays in the box
 * and the vertex never has more than k nonzeros (coordinates with no room or g_i = 0 are skipped).
 * Ties go to the lower index.
 * @example
 * const out = new Float64Array(4);
 * l1qVertex(Float32Array.of(0.1, -3, 2, 0.5), 0, 4, () => Infinity, 1, 2, out); // 2
 * out; // [0, -0.5, 0.5, 0]
 */
export function l1qVertex(
  g: ArrayLike<number>, off: number, d: number, room: (i: number, up: boolean) => number, eps: number, k: number, out: Float64Array,
): number {
  const cap = eps / k;
  const move = new Float64Array(d);
  const score = new Float64Array(d);
  let candidates = 0;
  for (let i = 0; i < d; i++) {
    out[off + i] = 0;
    const v = g[off + i]!;
    if (v === 0 || !Number.isFinite(v)) continue;
    move[i] = Math.min(cap, Math.max(0, room(off + i, v > 0)));
    score[i] = Math.abs(v) * move[i]!;
    if (score[i]! > 0) candidates++;
  }
  const take = Math.min(k, candidates);
  if (take === 0) return 0;
  // The take-th largest score by selection (O(d), no full sort), then every score above it and
  // the ties at it in index order: the same set a stable descending sort would pick.
  const threshold = kthLargest(score.filter((v) => v > 0), take);
  let left = take;
  for (let i = 0; i < d && left > 0; i++) if (score[i]! > threshold) { out[off + i] = Math.sign(g[off + i]!) * move[i]!; left--; }
  for (let i = 0; i < d && left > 0; i++) if (score[i] === threshold) { out[off + i] = Math.sign(g[off + i]!) * move[i]!; left--; }
  return take;
}

/** The k-th largest value of `v` (1-based), by Hoare selection with a median-of-three pivot; reorders v. */
function kthLargest(v: Float64Array, k: number): number {
  let lo = 0, hi = v.length - 1;
  const want = k - 1; // index in descending order
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const a = v[lo]!, b = v[mid]!, c = v[hi]!;
    const pivot = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    let i = lo, j = hi;
    while (i <= j) {
      while (v[i]! > pivot) i++;
      while (v[j]! < pivot) j--;
      if (i <= j) { const t = v[i]!; v[i] = v[j]!; v[j] = t; i++; j--; }
    }
    if (want <= j) hi = j;
    else if (want >= i) lo = i;
    else return v[want]!;
  }
  return v[want]!;
}
