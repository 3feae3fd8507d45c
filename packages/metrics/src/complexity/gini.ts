/**
 * Gini index of an attribution (Chalasani, Chen, Chowdhury, Wu, Jha, "Concise Explanations of
 * Neural Networks using Adversarial Training", 2020), after Hurley and Rickard's sparsity index:
 *   a = sort_ascending(|attr|) + 1e-7,  G = sum_{i=1..n} (2i - n - 1) a_i / (n sum_i a_i).
 * 0 for a constant map, (n - 1) / n for a one-hot map (less the 1e-7 smoothing): higher is
 * sparser. Quantus calls this metric `Sparseness`.
 */
import { mapMetric, mapMetricFunction } from './map-metric.js';

/**
 * The Gini index of one map (any shape, flattened).
 * @example giniIndex(Float32Array.of(0, 0, 0, 1)) // 0.75 (= (n - 1) / n)
 */
export function giniIndex(map: ArrayLike<number>): number {
  const n = map.length;
  const a = Float64Array.from(map as ArrayLike<number>, (v) => Math.abs(v) + 1e-7).sort();
  let num = 0, sum = 0;
  for (let i = 0; i < n; i++) { num += (2 * (i + 1) - n - 1) * a[i]!; sum += a[i]!; }
  return num / (n * sum);
}

export const giniMetric = mapMetric({
  name: 'gini', about: 'Gini index of |attribution| (higher: sparser)', better: 'higher',
  paper: { authors: 'Chalasani, Chen, Chowdhury, Wu, Jha', title: 'Concise Explanations of Neural Networks using Adversarial Training', year: 2020 },
}, giniIndex);

/**
 * Gini index per sample of `attribution`.
 * @example (await gini({ attribution: tensor([0, 0, 0, 1], [1, 4]) })).perSample[0] // 0.75
 */
export const gini = mapMetricFunction(giniMetric);
