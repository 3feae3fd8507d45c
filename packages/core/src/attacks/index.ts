export type { AttackOptions, AttackResult, Box, Norm, Norms } from './types.js';
export { checkInput, perSampleEps, boxBounds, perturbationNorms, attackLabels, finishAttack, throwIfAborted } from './result.js';
