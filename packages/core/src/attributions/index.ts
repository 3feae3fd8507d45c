export type { AttributionOptions, AttributionResult, AttributionMethod } from './types.js';
export { saliency, type SaliencyOptions } from './saliency.js';
export { gradientXInput, type GradientXInputOptions } from './gradient-x-input.js';
export { integratedGradients, type IntegratedGradientsOptions, type IntegratedGradientsResult } from './integrated-gradients.js';
export { smoothGrad, type SmoothGradOptions, type SmoothGradResult, type NoiseVariant, type SigmaMode, NOISE_VARIANTS, SIGMA_MODES } from './smooth-grad.js';
export { type Baseline, resolveBaseline } from './baselines.js';
export { type IntegrationMethod, type Quadrature, INTEGRATION_METHODS, quadrature, gaussLegendre } from './quadrature.js';
