/**
 * Pointing game (Zhang, Bargal, Lin, Brandt, Shen, Sclaroff, "Top-down Neural Attention by
 * Excitation Backprop", 2018): a hit (1) when the map's maximum (summed over channels; the first
 * pixel on ties) lies in the region, else a miss (0). The mean is the hit rate. Quantus'
 * `PointingGame` with its defaults (abs=False, no tolerance margin).
 */
import { argmax } from '@axplain/core';
import { maskMetric, maskMetricFunction } from './mask-metric.js';

export const pointingGameMetric = maskMetric({
  name: 'pointing-game', about: "1 when the map's maximum lies in the region, else 0", better: 'higher',
  paper: { authors: 'Zhang, Bargal, Lin, Brandt, Shen, Sclaroff', title: 'Top-down Neural Attention by Excitation Backprop', year: 2018 },
}, (a, mask) => (mask[argmax(a)]! > 0 ? 1 : 0));

/**
 * Pointing-game hits per sample.
 * @example (await pointingGame({ attribution, masks })).mean // the hit rate
 */
export const pointingGame = maskMetricFunction(pointingGameMetric);
