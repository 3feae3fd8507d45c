export { gradCheck, runtimeShape, type GradCheckOptions, type GradCheckReport, type DirectionCheck } from './gradcheck.js';
export { Rng } from '@axplain/core';
