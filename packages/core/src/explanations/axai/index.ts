export { type AxaiOptions, type AxaiExplanation, type AxaiResult, axai } from './axai.js';
export { type AxaiAttackOptions, AXAI_DEFAULT_EPS, AXAI_DEFAULT_STEPS, axaiAttack, attackDelta } from './attack.js';
export { type AxaiLayout, type MapDims, mapDims, featureOffset } from './layout.js';
export { type TailFilterOptions, type TailFilter, alphaTailFilter } from './tail-filter.js';
export { type TieBreak, type TopSegments, segmentDensity, segmentMagnitude, topSegments } from './density.js';
export { type AxaiSegmenter, type AxaiSegments, resolveAxaiSegments } from './segments.js';
export { maskGradient } from './masked-model.js';

export { type BetaFitOptions, type BetaFit, fitBeta } from './beta-fit.js';
export { type AttackDiagnosticsOptions, type AttackDiagnostics, attackDiagnostics } from './diagnostics.js';
export { type ReattackOptions, type ReattackBand, type ReattackResult, reattackTest } from './reattack.js';
