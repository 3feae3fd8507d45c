/**
 * Relevance rank accuracy (Arras, Osman, Samek, "CLEVR-XAI: A benchmark dataset for the ground
 * truth evaluation of neural network explanations", 2022): with K = |B| pixels in the region, the
 * share of the K most relevant pixels (by |a|, a summed over channels; ties by pixel index) that
 * lie in B. Quantus' `RelevanceRankAccuracy` with its defaults (abs=True).
 */
import { order } from '../maps.js';
import { maskMetric, maskMetricFunction } from './mask-metric.js';

export const relevanceRankAccuracyMetric = maskMetric({
  name: 'relevance-rank-accuracy', about: 'share of the |region| most relevant pixels that lie in the region', better: 'higher',
  paper: { authors: 'Arras, Osman, Samek', title: 'CLEVR-XAI: A benchmark dataset for the ground truth evaluation of neural network explanations', year: 2022 },
}, (a, mask) => {
  let k = 0;
  for (let p = 0; p < mask.length; p++) if (mask[p]! > 0) k++;
  if (k === 0) return NaN;
  const top = order(a.map(Math.abs), 'desc');
  let hits = 0;
  for (let i = 0; i < k; i++) if (mask[top[i]!]! > 0) hits++;
  return hits / k;
});

/**
 * Relevance rank accuracy per sample.
 * @example (await relevanceRankAccuracy({ attribution, masks })).mean
 */
export const relevanceRankAccuracy = maskMetricFunction(relevanceRankAccuracyMetric);
