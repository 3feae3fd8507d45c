/** The gradient attributions in the registry: saliency, gradient x input, Integrated Gradients, SmoothGrad. */
import { DEFAULT_INTERNAL_BATCH_SIZE } from '../batching.js';
import { gradientXInput } from '../attributions/gradient-x-input.js';
import { integratedGradients } from '../attributions/integrated-gradients.js';
import { saliency } from '../attributions/saliency.js';
import { smoothGrad } from '../attributions/smooth-grad.js';
import type { Target } from '../targets.js';
import { integerOption, seedOption, targetOption } from './options.js';
import { defineExplanation, forwardSteps, pathIntegralMethod, targetOnlyMethod } from './types.js';

/** Options of the single-gradient methods. */
export interface TargetOptions { target: Target }
export interface IgOptions { target: Target; steps: number }
export interface SmoothGradMethodOptions { target: Target; samples: number; seed: number }

export interface SaliencySummary { kind: 'saliency' }
export interface GradientXInputSummary { kind: 'gradxinput' }
/** IG's completeness check: sum(IG) - (f(x) - f(baseline)) per sample, with both scores. */
export interface IgSummary {
  kind: 'ig'; steps: number; baseline: 'zeros'; integration: 'gausslegendre';
  completenessGap: number[]; inputScore: number[]; baselineScore: number[];
}
export interface SmoothGradSummary { kind: 'smoothgrad'; samples: number; sigma: number[]; variant: string; seed: number }

export const saliencyMethod = targetOnlyMethod({
  name: 'saliency', family: 'attribution', about: 'gradient of the class score',
  paper: { authors: 'Simonyan, Vedaldi, Zisserman', title: 'Deep Inside Convolutional Networks: Visualising Image Classification Models and Saliency Maps', year: 2014 },
}, saliency, (): SaliencySummary => ({ kind: 'saliency' }));

export const gradientXInputMethod = targetOnlyMethod({
  name: 'gradxinput', family: 'attribution', about: 'gradient times input',
  paper: { authors: 'Shrikumar, Greenside, Shcherbina, Kundaje', title: 'Not Just a Black Box: Learning Important Features Through Propagating Activation Differences', year: 2016 },
}, gradientXInput, (): GradientXInputSummary => ({ kind: 'gradxinput' }));

export const integratedGradientsMethod = pathIntegralMethod({
  name: 'ig', family: 'attribution', about: 'Integrated Gradients from a zero baseline (Gauss-Legendre nodes)',
  paper: { authors: 'Sundararajan, Taly, Yan', title: 'Axiomatic Attribution for Deep Networks', year: 2017 },
}, 50, integratedGradients, (r, steps): IgSummary => ({
  kind: 'ig', steps, baseline: 'zeros', integration: 'gausslegendre',
  completenessGap: Array.from(r.delta), inputScore: Array.from(r.inputScores), baselineScore: Array.from(r.baselineScores),
}));

export const smoothGradMethod = defineExplanation<'smoothgrad', SmoothGradMethodOptions, SmoothGradSummary>({
  name: 'smoothgrad', family: 'attribution', about: 'saliency averaged over Gaussian noise draws',
  paper: { authors: 'Smilkov, Thorat, Kim, Viégas, Wattenberg', title: 'SmoothGrad: removing noise by adding noise', year: 2017 },
  options: { target: targetOption, samples: integerOption('samples', 50, { min: 1 }, 'noise samples'), seed: seedOption('seed of the noise') },
  // One base call per group of draws that fills an internal batch (see smoothGrad).
  progressSteps: (o, batch = 1) => Math.ceil(o.samples / Math.max(1, Math.min(o.samples, Math.floor(DEFAULT_INTERNAL_BATCH_SIZE / batch)))),
  async run(model, x, o, context) {
    const r = await smoothGrad(model, x, { target: o.target, samples: o.samples, seed: o.seed, signal: context?.signal, onStep: forwardSteps(context) });
    return {
      attribution: r.attribution, targets: r.targets,
      summary: { kind: 'smoothgrad', samples: r.samples, sigma: Array.from(r.sigma), variant: r.variant, seed: o.seed },
    };
  },
});
