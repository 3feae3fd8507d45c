export { buildTabularClassifier, asRowInput, type TabularClassifierSpec } from '@axplain/ort';
export {
  loadTabularModel, parseFeatures, explainFeatures, FeatureInputError, FEATURE_METHODS, type FeatureMethod, type TabularModel, type FeatureExplanation,
} from './explain-features.js';
