/**
 * THE registry: every explanation method and every attack axplain runs by name. The CLI, the web
 * demo, evaluation and the docs list and run methods from here. Adding a method is one file and
 * one line below.
 */
import { apgdCeAttack, apgdDlrAttack, fgsmAttack, frankWolfeAttack, pgdAttack } from './attack-budget.js';
import { carliniWagnerAttack, deepFoolAttack, fastMinimumNormAttack, jsmaAttack } from './attack-minimal.js';
import { gradientXInputMethod, integratedGradientsMethod, saliencyMethod, smoothGradMethod } from './attribution.js';
import { kernelShapMethod, limeMethod, occlusionMethod } from './black-box.js';
import { adversarialGradientIntegrationMethod, axaiMethod, boundaryIntegratedGradientsMethod, boundarySaliencyMethod } from './boundary.js';
import { sparseCounterfactualMethod } from './counterfactual.js';
import { checkChoice } from '../validate.js';

/** Every explanation method, in the order help texts list them. */
export const EXPLANATION_METHODS = Object.freeze([
  saliencyMethod,
  gradientXInputMethod,
  integratedGradientsMethod,
  smoothGradMethod,
  boundarySaliencyMethod,
  boundaryIntegratedGradientsMethod,
  adversarialGradientIntegrationMethod,
  axaiMethod,
  sparseCounterfactualMethod,
  limeMethod,
  kernelShapMethod,
  occlusionMethod,
] as const);

/** Every attack, in the order help texts list them. */
export const ATTACK_METHODS = Object.freeze([
  fgsmAttack,
  pgdAttack,
  apgdCeAttack,
  apgdDlrAttack,
  carliniWagnerAttack,
  deepFoolAttack,
  jsmaAttack,
  frankWolfeAttack,
  fastMinimumNormAttack,
] as const);

export type ExplanationMethod = (typeof EXPLANATION_METHODS)[number];
export type ExplanationMethodName = ExplanationMethod['name'];
/** The typed summary of any registry run, discriminated by `kind` (the method's name). */
export type ExplanationSummary = Awaited<ReturnType<ExplanationMethod['run']>>['summary'];
export type AttackMethod = (typeof ATTACK_METHODS)[number];
export type AttackName = AttackMethod['name'];

export const EXPLANATION_METHOD_NAMES: readonly ExplanationMethodName[] = EXPLANATION_METHODS.map((m) => m.name);
export const ATTACK_NAMES: readonly AttackName[] = ATTACK_METHODS.map((m) => m.name);

/**
 * The explanation method called `name`; else a RangeError
 * `method: unknown method 'x'; choose one of saliency, gradxinput, ...`.
 * @example await explanationMethod('ig').explain(model, x, { steps: 32 })
 */
export function explanationMethod(name: string): ExplanationMethod {
  const n = checkChoice('method', name, EXPLANATION_METHOD_NAMES, 'method');
  return EXPLANATION_METHODS.find((m) => m.name === n)!;
}

/**
 * The attack called `name`; else a RangeError `attack: unknown attack 'x'; choose one of fgsm, ...`.
 * @example attackMethod('cw').kind // 'minimal'
 */
export function attackMethod(name: string): AttackMethod {
  const n = checkChoice('attack', name, ATTACK_NAMES, 'attack');
  return ATTACK_METHODS.find((m) => m.name === n)!;
}
