/**
 * Hoyer sparseness (Hoyer, "Non-negative Matrix Factorization with Sparseness Constraints", 2004):
 *   S = (sqrt(n) - ||a||_1 / ||a||_2) / (sqrt(n) - 1),
 * 1 for a one-hot map, 0 for a constant one. A second sparsity measure beside the Gini index
 * (which Quantus names `Sparseness`): it weighs the tail by the L1/L2 ratio instead of ranks.
 */
import { mapMetric, mapMetricFunction } from './map-metric.js';

/**
 * Hoyer sparseness of one map; NaN for an all-zero map or a single value.
 * @example hoyerSparseness(Float32Array.of(0, 5, 0, 0)) // 1
 */
export function hoyerSparseness(map: ArrayLike<number>): number {
  const n = map.length;
  let l1 = 0, l2 = 0;
  for (let i = 0; i < n; i++) { l1 += Math.abs(map[i]!); l2 += map[i]! * map[i]!; }
  if (!(l2 > 0) || n < 2) return NaN;
  return (Math.sqrt(n) - l1 / Math.sqrt(l2)) / (Math.sqrt(n) - 1);
}

export const sparsenessMetric = mapMetric({
  name: 'sparseness', about: 'Hoyer sparseness of the attribution (1: one value, 0: constant)', better: 'higher',
  paper: { authors: 'Hoyer', title: 'Non-negative Matrix Factorization with Sparseness Constraints', year: 2004 },
}, hoyerSparseness);

/**
 * Hoyer sparseness per sample of `attribution`.
 * @example (await sparseness({ attribution: tensor([0, 3], [1, 2]) })).perSample[0] // 1
 */
export const sparseness = mapMetricFunction(sparsenessMetric);
