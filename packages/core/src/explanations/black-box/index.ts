export { type BlackBoxOutput, type BlackBoxOptions, type BlackBoxResult } from './black-box-common.js';
export { type SegmentsLike, type SegmentOptions, positionMap } from './segments.js';
export { choleskySolve, weightedRidge, type RidgeFit } from './least-squares.js';
export { occlusion, type OcclusionOptions } from './occlusion.js';
export { lime, type LimeOptions, type LimeResult, type LimeSampleResult } from './lime.js';
export { kernelShap, type KernelShapOptions, type KernelShapResult, type KernelShapSampleResult } from './kernel-shap.js';
