/**
 * Energy Game (Wang, Fredrikson, Datta, "Robust Models Are More Interpretable Because
 * Attributions Look Normal", 2022): the share of positive attribution inside the region,
 *   EG = sum_{i in B} a+_i / sum_i a+_i,  a+ = max(a, 0)  (a summed over channels).
 * 1 for a map entirely inside B; NaN for a map with no positive value. Quantus' `EnergyGame`
 * (Score-CAM's energy-based pointing game) uses |a| instead of a+ by default (abs=True); on a
 * non-negative map they agree.
 */
import { BOUNDARY_PAPER, maskMetric, maskMetricFunction } from './mask-metric.js';

export const energyGameMetric = maskMetric({
  name: 'energy-game', about: 'share of the positive attribution inside the region', better: 'higher', paper: BOUNDARY_PAPER,
}, (a, mask) => {
  let inside = 0, total = 0;
  for (let p = 0; p < a.length; p++) {
    const v = Math.max(a[p]!, 0);
    total += v;
    if (mask[p]! > 0) inside += v;
  }
  return total > 0 ? inside / total : NaN;
});

/**
 * Energy Game per sample.
 * @example (await energyGame({ attribution, masks })).perSample // 1 where the map lies inside the box
 */
export const energyGame = maskMetricFunction(energyGameMetric);
