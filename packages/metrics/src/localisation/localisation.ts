/**
 * Localisation (Wang, Fredrikson, Datta, "Robust Models Are More Interpretable Because
 * Attributions Look Normal", 2022), for a map a (summed over channels) and a region B:
 *   Loc = |B ∩ {a > 0}| / (|B| + |{a > 0} \ B|).
 * 1 when the positive pixels are exactly B; 0 when none of them is in B.
 */
import { BOUNDARY_PAPER, maskMetric, maskMetricFunction } from './mask-metric.js';

export const localisationMetric = maskMetric({
  name: 'localisation', about: 'positive pixels inside the region over region plus positive pixels outside', better: 'higher', paper: BOUNDARY_PAPER,
}, (a, mask) => {
  let inside = 0, region = 0, outside = 0;
  for (let p = 0; p < a.length; p++) {
    const inB = mask[p]! > 0, pos = a[p]! > 0;
    if (inB) region++;
    if (pos && inB) inside++;
    if (pos && !inB) outside++;
  }
  return region + outside > 0 ? inside / (region + outside) : NaN;
});

/**
 * Localisation per sample.
 * @example (await localisation({ attribution, masks: boxMasks(boxes, 28, 28) })).mean
 */
export const localisation = maskMetricFunction(localisationMetric);
