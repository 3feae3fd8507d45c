/**
 * Complexity as entropy (Bhatt, Weller, Moura, "Evaluating and Aggregating Feature-based Model
 * Explanations", 2020): with p_i = |a_i| / sum_j |a_j|, H = -sum_i p_i ln p_i (0 ln 0 = 0).
 * 0 for a one-hot map, ln n for a constant one: lower is simpler. Quantus' `Complexity` with
 * its defaults (abs, natural log).
 */
import { mapMetric, mapMetricFunction } from './map-metric.js';

/**
 * Entropy of |map| as a distribution; NaN for an all-zero map.
 * @example attributionEntropy(Float32Array.of(1, 1, 1, 1)) // ln 4
 */
export function attributionEntropy(map: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < map.length; i++) total += Math.abs(map[i]!);
  if (!(total > 0)) return NaN;
  let h = 0;
  for (let i = 0; i < map.length; i++) {
    const p = Math.abs(map[i]!) / total;
    if (p > 0) h -= p * Math.log(p);
  }
  return h;
}

export const entropyMetric = mapMetric({
  name: 'entropy', about: 'entropy of |attribution| as a distribution (lower: simpler)', better: 'lower',
  paper: { authors: 'Bhatt, Weller, Moura', title: 'Evaluating and Aggregating Feature-based Model Explanations', year: 2020 },
}, attributionEntropy);

/**
 * Entropy per sample of `attribution`.
 * @example (await entropy({ attribution: tensor([1, 1], [1, 2]) })).perSample[0] // ln 2
 */
export const entropy = mapMetricFunction(entropyMetric);
