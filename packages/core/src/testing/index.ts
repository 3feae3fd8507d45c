export { LinearModel, ReluModel } from './linear-model.js';
export { describeConformance, type ConformanceOptions, type ConformanceTestApi, type ConformanceMatchers } from './conformance.js';
export { indexed, mismatches } from './datasets.js';
