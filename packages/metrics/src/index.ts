export type { MetricContext, MetricInput, MetricResult, MetricAggregate, Explainer } from './types.js';
export { aggregate, metricResult } from './aggregate.js';
export { MetricInputError } from './input.js';
export { type MetricDescriptor, type MetricCategory, type MetricNeed, defineMetric } from './metric.js';
export { registryExplainer, explainerOf } from './explainer.js';
export { type Layout, LAYOUTS } from './spatial.js';
export { order, ranks, pearson, spearman } from './maps.js';
export { type ScoreKind } from './batch.js';
export { type ContinuousScore, type FlipOrder } from './faithfulness/options.js';
export { deletion, insertion, deletionMetric, insertionMetric, type CurveOptions, type CurveDetail } from './faithfulness/deletion.js';
export { gini, giniIndex, giniMetric } from './complexity/gini.js';
export { entropy, attributionEntropy, entropyMetric } from './complexity/entropy.js';
export { sparseness, hoyerSparseness, sparsenessMetric } from './complexity/sparseness.js';
export { type Box, boxMasks } from './localisation/masks.js';
export { type LocalisationOptions } from './localisation/mask-metric.js';
export { localisation, localisationMetric } from './localisation/localisation.js';
export { energyGame, energyGameMetric } from './localisation/energy-game.js';
export { positivePercentage, positivePercentageMetric } from './localisation/positive-percentage.js';
export { concentration, concentrationMetric } from './localisation/concentration.js';
export { pointingGame, pointingGameMetric } from './localisation/pointing-game.js';
export { attributionLocalisation, attributionLocalisationMetric } from './localisation/attribution-localisation.js';
export { relevanceRankAccuracy, relevanceRankAccuracyMetric } from './localisation/relevance-rank-accuracy.js';
export { faithfulnessCorrelation, faithfulnessCorrelationMetric, type FaithfulnessCorrelationOptions } from './faithfulness/faithfulness-correlation.js';
export { infidelity, infidelityMetric, type InfidelityOptions, type InfidelityPerturbation } from './faithfulness/infidelity.js';
export { completeness, completenessMetric, type CompletenessOptions } from './faithfulness/completeness.js';
export { road, roadMetric, type RoadOptions, type RoadDetail } from './faithfulness/road.js';
export { noisyLinearImputation } from './faithfulness/noisy-linear-imputation.js';
export { maxSensitivity, avgSensitivity, maxSensitivityMetric, avgSensitivityMetric, type SensitivityOptions } from './robustness/sensitivity.js';
export { localLipschitz, localLipschitzMetric, type LocalLipschitzOptions } from './robustness/local-lipschitz.js';
export {
  topKIntersectionStability, rankCorrelationStability, topKIntersection, topKIntersectionMetric, rankCorrelationMetric, type RankStabilityOptions,
} from './robustness/rank-stability.js';
export { type RandomizableModel, isRandomizable } from './randomisation/randomizable-model.js';
export {
  parameterRandomisation, parameterRandomisationMetric, type ParameterRandomisationOptions, type ParameterRandomisationDetail,
} from './randomisation/model-parameter-randomisation.js';
export { randomLogit, randomLogitMetric, type RandomLogitOptions } from './randomisation/random-logit.js';
export {
  attributionDistance, smBsmDistance, igBigDistance, smBsmMetric, igBigMetric, type AlignmentOptions, type PathAlignmentOptions, type AlignmentNormalization,
} from './alignment/alignment.js';
export { METRICS, METRIC_NAMES, METRIC_CATEGORIES, metric, metricsIn, type Metric, type MetricName } from './registry.js';
