/**
 * Positive Percentage (Wang, Fredrikson, Datta, "Robust Models Are More Interpretable Because
 * Attributions Look Normal", 2022): how much of the attribution inside the region is positive,
 *   PP = sum_{i in B} a+_i / sum_{i in B} |a_i|   (a summed over channels; NaN if 0 inside B).
 */
import { BOUNDARY_PAPER, maskMetric, maskMetricFunction } from './mask-metric.js';

export const positivePercentageMetric = maskMetric({
  name: 'positive-percentage', about: 'share of the attribution mass inside the region that is positive', better: 'higher', paper: BOUNDARY_PAPER,
}, (a, mask) => {
  let pos = 0, abs = 0;
  for (let p = 0; p < a.length; p++) {
    if (!(mask[p]! > 0)) continue;
    pos += Math.max(a[p]!, 0);
    abs += Math.abs(a[p]!);
  }
  return abs > 0 ? pos / abs : NaN;
});

/**
 * Positive Percentage per sample.
 * @example (await positivePercentage({ attribution, masks })).mean
 */
export const positivePercentage = maskMetricFunction(positivePercentageMetric);
