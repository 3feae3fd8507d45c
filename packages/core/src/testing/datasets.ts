/** Synthetic datasets and array comparisons for dataset and training tests. */
import type { Dataset } from '../data/dataset.js';

/** n samples of shape [1, 1, 2]: pixel 0 = index, pixel 1 = index / 1000; label = index mod classes. */
export function indexed(n: number, classes = 3): Dataset {
  const x = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) { x[2 * i] = i; x[2 * i + 1] = i / 1000; }
  return { x, y: Int32Array.from({ length: n }, (_, i) => i % classes), n, shape: [1, 1, 2], classes };
}

/** How many positions differ between two arrays (their lengths must match); vitest's deep equality is too slow for millions of values. */
export function mismatches(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`mismatches: lengths ${a.length} and ${b.length} differ`);
  let bad = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) bad++;
  return bad;
}
