/**
 * THE metric registry: every metric axplain measures explanations with, as data (name, category,
 * paper, what it needs, typed options with defaults, runner). Front ends (a later `axplain
 * evaluate`, the web demo, the docs) list and run metrics from here. Adding a metric is one file
 * and one line below.
 */
import { checkChoice } from '@axplain/core';
import { igBigMetric, smBsmMetric } from './alignment/alignment.js';
import { entropyMetric } from './complexity/entropy.js';
import { giniMetric } from './complexity/gini.js';
import { sparsenessMetric } from './complexity/sparseness.js';
import { completenessMetric } from './faithfulness/completeness.js';
import { deletionMetric, insertionMetric } from './faithfulness/deletion.js';
import { faithfulnessCorrelationMetric } from './faithfulness/faithfulness-correlation.js';
import { infidelityMetric } from './faithfulness/infidelity.js';
import { roadMetric } from './faithfulness/road.js';
import { attributionLocalisationMetric } from './localisation/attribution-localisation.js';
import { concentrationMetric } from './localisation/concentration.js';
import { energyGameMetric } from './localisation/energy-game.js';
import { localisationMetric } from './localisation/localisation.js';
import { pointingGameMetric } from './localisation/pointing-game.js';
import { positivePercentageMetric } from './localisation/positive-percentage.js';
import { relevanceRankAccuracyMetric } from './localisation/relevance-rank-accuracy.js';
import type { MetricCategory } from './metric.js';
import { parameterRandomisationMetric } from './randomisation/model-parameter-randomisation.js';
import { randomLogitMetric } from './randomisation/random-logit.js';
import { localLipschitzMetric } from './robustness/local-lipschitz.js';
import { rankCorrelationMetric, topKIntersectionMetric } from './robustness/rank-stability.js';
import { avgSensitivityMetric, maxSensitivityMetric } from './robustness/sensitivity.js';

/** Every metric, by category, in the order help texts list them. */
export const METRICS = Object.freeze([
  deletionMetric, insertionMetric, roadMetric, faithfulnessCorrelationMetric, infidelityMetric, completenessMetric,
  maxSensitivityMetric, avgSensitivityMetric, localLipschitzMetric, topKIntersectionMetric, rankCorrelationMetric,
  parameterRandomisationMetric, randomLogitMetric,
  giniMetric, entropyMetric, sparsenessMetric,
  localisationMetric, energyGameMetric, positivePercentageMetric, concentrationMetric, pointingGameMetric, attributionLocalisationMetric, relevanceRankAccuracyMetric,
  smBsmMetric, igBigMetric,
] as const);

export type Metric = (typeof METRICS)[number];
export type MetricName = Metric['name'];

export const METRIC_NAMES: readonly MetricName[] = METRICS.map((m) => m.name);
export const METRIC_CATEGORIES: readonly MetricCategory[] = ['faithfulness', 'robustness', 'randomisation', 'complexity', 'localisation', 'alignment'];

/**
 * The metric called `name`; else a RangeError `metric: unknown metric 'x'; choose one of deletion, ...`.
 * @example await metric('gini').evaluate({ attribution })
 */
export function metric(name: string): Metric {
  const n = checkChoice('metric', name, METRIC_NAMES, 'metric');
  return METRICS.find((m) => m.name === n)!;
}

/** The metrics of one category. @example metricsIn('localisation').map((m) => m.name) */
export const metricsIn = (category: MetricCategory): Metric[] => METRICS.filter((m) => m.category === category);
