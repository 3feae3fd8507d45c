export {
  type NotFoundPolicy, NOT_FOUND_POLICIES, type BoundaryPoints, type BoundaryOptions, type BoundaryAttributionResult,
  BoundaryNotFoundError, findBoundary,
} from './boundary-search.js';
export { boundarySaliency, type BoundarySaliencyOptions } from './boundary-saliency.js';
export { boundaryIntegratedGradients, type BoundaryIntegratedGradientsOptions, type BoundaryIntegratedGradientsResult } from './boundary-integrated-gradients.js';
export {
  adversarialGradientIntegration, type AdversarialGradientIntegrationOptions, type AdversarialGradientIntegrationResult, type FalseClassRule,
} from './adversarial-gradient-integration.js';
