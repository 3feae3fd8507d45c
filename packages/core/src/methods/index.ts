export {
  EXPLANATION_METHODS, ATTACK_METHODS, EXPLANATION_METHOD_NAMES, ATTACK_NAMES, explanationMethod, attackMethod,
  type ExplanationMethod, type ExplanationMethodName, type ExplanationSummary, type AttackMethod, type AttackName,
} from './registry.js';
export {
  type Paper, type ExplanationFamily, type RunContext, type ExplanationRun, type ExplanationDescriptor, defineExplanation,
} from './types.js';
export {
  type OptionSpec, type OptionSpecs, integerOption, numberOption, choiceOption, targetOption, seedOption, resolveOptions, optionList,
} from './options.js';
export type { IgSummary, SmoothGradSummary, SaliencySummary, GradientXInputSummary, IgOptions, SmoothGradMethodOptions, TargetOptions } from './attribution.js';
export type { BsmSummary, BigSummary, AgiSummary, AxaiSummary, BigOptions, AgiOptions, AxaiMethodOptions } from './boundary.js';
export type { SparseCounterfactualSummary, SparseCounterfactualMethodOptions } from './counterfactual.js';
export type { BlackBoxSummary, SampledBlackBoxOptions } from './black-box.js';
export {
  type AttackNorm, type AttackRequest, type AttackTuning, type AttackCommon, type AttackDescriptor, type AttackOptionsReport, AttackRequestError,
} from './attack-types.js';
export {
  resolveAttackNorm, checkAttackRequest, runAttack, normOf, successWithin, type AttackRun, type RunAttackOptions,
} from './attack-runner.js';
export { boxIsPixelGrid, inputBox } from './input-box.js';
