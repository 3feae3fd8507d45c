/**
 * The forward-only methods in the registry: LIME, KernelSHAP and Occlusion. They call the model
 * on perturbed inputs only, so they explain any classifier, and report the evaluations spent.
 * Their number of model calls depends on the input's segments, so they report no progress.
 */
import { kernelShap } from '../explanations/black-box/kernel-shap.js';
import { lime } from '../explanations/black-box/lime.js';
import { occlusion } from '../explanations/black-box/occlusion.js';
import type { Target } from '../targets.js';
import { integerOption, seedOption, targetOption } from './options.js';
import { defineExplanation } from './types.js';

export interface SampledBlackBoxOptions { target: Target; seed: number; maxEvals: number | undefined }

/** Forward evaluations spent per sample. */
export interface BlackBoxSummary<K extends 'lime' | 'kernelshap' | 'occlusion'> { kind: K; evals: number[] }

export const limeMethod = defineExplanation<'lime', SampledBlackBoxOptions, BlackBoxSummary<'lime'>>({
  name: 'lime', family: 'black-box', about: 'a weighted linear surrogate over random on/off segment patterns',
  paper: { authors: 'Ribeiro, Singh, Guestrin', title: '"Why Should I Trust You?": Explaining the Predictions of Any Classifier', year: 2016 },
  options: {
    target: targetOption, seed: seedOption('seed of the on/off patterns'),
    maxEvals: integerOption('maxEvals', undefined, { min: 2 }, 'model evaluations per sample, default 1000'),
  },
  progressSteps: () => 0,
  async run(model, x, o, context) {
    const r = await lime(model, x, { target: o.target, seed: o.seed, maxEvals: o.maxEvals, signal: context?.signal });
    return { attribution: r.attribution, targets: r.targets, summary: { kind: 'lime', evals: Array.from(r.evals) } };
  },
});

export const kernelShapMethod = defineExplanation<'kernelshap', SampledBlackBoxOptions, BlackBoxSummary<'kernelshap'>>({
  name: 'kernelshap', family: 'black-box', about: 'Shapley values of the segments by weighted least squares over coalitions',
  paper: { authors: 'Lundberg, Lee', title: 'A Unified Approach to Interpreting Model Predictions', year: 2017 },
  options: {
    target: targetOption, seed: seedOption('seed of the sampled coalitions'),
    maxEvals: integerOption('maxEvals', undefined, { min: 3 }, 'model evaluations per sample, default 2 x segments + 2048'),
  },
  progressSteps: () => 0,
  async run(model, x, o, context) {
    const r = await kernelShap(model, x, { target: o.target, seed: o.seed, maxEvals: o.maxEvals, signal: context?.signal });
    return { attribution: r.attribution, targets: r.targets, summary: { kind: 'kernelshap', evals: Array.from(r.evals) } };
  },
});

export const occlusionMethod = defineExplanation<'occlusion', { target: Target }, BlackBoxSummary<'occlusion'>>({
  name: 'occlusion', family: 'black-box', about: 'the score drop when a sliding patch is set to the baseline',
  paper: { authors: 'Zeiler, Fergus', title: 'Visualizing and Understanding Convolutional Networks', year: 2014 },
  options: { target: targetOption },
  progressSteps: () => 0,
  async run(model, x, o, context) {
    const r = await occlusion(model, x, { target: o.target, signal: context?.signal });
    return { attribution: r.attribution, targets: r.targets, summary: { kind: 'occlusion', evals: Array.from(r.evals) } };
  },
});
