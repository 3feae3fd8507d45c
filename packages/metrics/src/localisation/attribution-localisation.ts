/**
 * Attribution localisation (Kohlbrenner, Bauer, Nakajima, Binder, Samek, Lapuschkin, "Towards
 * Best Practice in Explaining Neural Network Decisions with LRP", 2020): the share of the
 * attribution mass inside the region, mu = sum_{i in B} |a_i| / sum_i |a_i| (a summed over
 * channels). Quantus' `AttributionLocalisation` with its defaults (abs=True, weighted=False).
 * Compare with the region's share of the pixels: a map spread uniformly scores |B| / (H W).
 */
import { maskMetric, maskMetricFunction } from './mask-metric.js';

export const attributionLocalisationMetric = maskMetric({
  name: 'attribution-localisation', about: 'share of |attribution| inside the region', better: 'higher',
  paper: { authors: 'Kohlbrenner, Bauer, Nakajima, Binder, Samek, Lapuschkin', title: 'Towards Best Practice in Explaining Neural Network Decisions with LRP', year: 2020 },
}, (a, mask) => {
  let inside = 0, total = 0;
  for (let p = 0; p < a.length; p++) {
    const v = Math.abs(a[p]!);
    total += v;
    if (mask[p]! > 0) inside += v;
  }
  return total > 0 ? inside / total : NaN;
});

/**
 * Attribution localisation per sample.
 * @example (await attributionLocalisation({ attribution, masks })).mean
 */
export const attributionLocalisation = maskMetricFunction(attributionLocalisationMetric);
