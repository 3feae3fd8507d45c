/** Statistics of attribution maps the metrics share: orders, ranks, correlations, norms, channel reduction. */

/**
 * Indices of `values` sorted by value, descending (`'desc'`: most relevant first) or ascending;
 * ties keep index order, so the order is deterministic.
 * @example order([0.1, 0.9, 0.5], 'desc') // Int32Array [1, 2, 0]
 */
export function order(values: ArrayLike<number>, direction: 'desc' | 'asc'): Int32Array {
  const idx = Int32Array.from({ length: values.length }, (_, i) => i);
  const s = direction === 'desc' ? -1 : 1;
  return idx.sort((a, b) => s * (values[a]! - values[b]!) || a - b);
}

/** Ranks 1..n with ties given their average rank (as scipy's `rankdata`). */
export function ranks(values: ArrayLike<number>): Float64Array {
  const idx = order(values, 'asc');
  const r = new Float64Array(values.length);
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && values[idx[j + 1]!] === values[idx[i]!]) j++;
    for (let k = i; k <= j; k++) r[idx[k]!] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}

/**
 * Pearson correlation; NaN when either side is constant (undefined).
 * @example pearson([1, 2, 3], [2, 4, 7]) // 0.9933
 */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) { ma += a[i]!; mb += b[i]!; }
  ma /= n; mb /= n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma, db = b[i]! - mb;
    sab += da * db; saa += da * da; sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN;
}

/** Spearman rank correlation (Pearson of average ranks); NaN when either side is constant. */
export const spearman = (a: ArrayLike<number>, b: ArrayLike<number>): number => pearson(ranks(a), ranks(b));

/** Euclidean norm of a - b (b omitted: of a). */
export function l2(a: ArrayLike<number>, b?: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) { const v = a[i]! - (b ? b[i]! : 0); s += v * v; }
  return Math.sqrt(s);
}

/** Absolute values as float64. */
export const absolute = (a: ArrayLike<number>): Float64Array => Float64Array.from(a as ArrayLike<number>, Math.abs);

/** Sample `s` (of `d` values) of a flat batch. */
export const row = (data: Float32Array, s: number, d: number): Float32Array => data.subarray(s * d, (s + 1) * d);
