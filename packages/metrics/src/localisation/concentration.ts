/**
 * Concentration, after Wang, Fredrikson, Datta, "Robust Models Are More Interpretable Because
 * Attributions Look Normal", 2022. The paper's exact normalisation is not recoverable from its
 * text; this is axplain's definition: c = the centre of mass of |a| (a summed over channels),
 * â = |a| / max |a|, and
 *   Con = sum_{i in B} â_i / max(1, ||p_i - c||_2)   (p_i the pixel's (row, column)).
 * A map concentrated in B around its own centre of mass scores high; mass far from the centre
 * counts less. NaN for an all-zero map.
 */
import { BOUNDARY_PAPER, maskMetric, maskMetricFunction } from './mask-metric.js';

export const concentrationMetric = maskMetric({
  name: 'concentration', about: "normalised |attribution| inside the region, down-weighted by distance to the map's centre of mass",
  better: 'higher', paper: BOUNDARY_PAPER,
}, (a, mask, sp) => {
  let total = 0, cy = 0, cx = 0, max = 0;
  for (let p = 0; p < a.length; p++) {
    const v = Math.abs(a[p]!);
    total += v; max = Math.max(max, v);
    cy += v * Math.floor(p / sp.width); cx += v * (p % sp.width);
  }
  if (!(total > 0)) return NaN;
  cy /= total; cx /= total;
  let con = 0;
  for (let p = 0; p < a.length; p++) {
    if (!(mask[p]! > 0)) continue;
    con += Math.abs(a[p]!) / max / Math.max(1, Math.hypot(Math.floor(p / sp.width) - cy, (p % sp.width) - cx));
  }
  return con;
});

/**
 * Concentration per sample.
 * @example (await concentration({ attribution, masks })).mean
 */
export const concentration = maskMetricFunction(concentrationMetric);
