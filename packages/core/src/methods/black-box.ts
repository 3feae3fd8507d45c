/**
 * The forward-only methods in the registry: LIME, KernelSHAP and Occlusion. They call the model
 * on perturbed inputs only, so they explain any classifier, and report the evaluations spent.
 * Their number of model calls depends on the input's segments, so their progress total is known
 * only once they run.
 */
import { kernelShap } from '../explanations/black-box/kernel-shap.js';
import { lime } from '../explanations/black-box/lime.js';
import { occlusion } from '../explanations/black-box/occlusion.js';
import type { BlackBoxResult } from '../explanations/black-box/black-box-common.js';
import type { GradientModel } from '../gradient-model.js';
import type { Target } from '../targets.js';
import type { Tensor } from '../tensor.js';
import { integerOption, seedOption, targetOption } from './options.js';
import { defineExplanation, type ExplanationDescriptor, forwardSteps, targetOnlyMethod } from './types.js';

export interface SampledBlackBoxOptions { target: Target; seed: number; maxEvals: number | undefined }

/** Forward evaluations spent per sample. */
export interface BlackBoxSummary<K extends 'lime' | 'kernelshap' | 'occlusion'> { kind: K; evals: number[] }

/** LIME and KernelSHAP: target, seed and an evaluation budget (at least `minEvals`). */
function sampledMethod<N extends 'lime' | 'kernelshap'>(
  about: Pick<ExplanationDescriptor<N>, 'name' | 'about' | 'paper'>, seedAbout: string, minEvals: number, evalsAbout: string,
  call: (model: GradientModel, x: Tensor, options: { target: Target; seed: number; maxEvals?: number; signal?: AbortSignal; onStep?: (i: { step: number; steps: number }) => void }) => Promise<BlackBoxResult>,
) {
  return defineExplanation<N, SampledBlackBoxOptions, BlackBoxSummary<N>>({
    ...about, family: 'black-box',
    options: { target: targetOption, seed: seedOption(seedAbout), maxEvals: integerOption('maxEvals', undefined, { min: minEvals }, evalsAbout) },
    progressSteps: () => undefined,
    async run(model, x, o, context) {
      const r = await call(model, x, { target: o.target, seed: o.seed, maxEvals: o.maxEvals, signal: context?.signal, onStep: forwardSteps(context) });
      return { attribution: r.attribution, targets: r.targets, summary: { kind: about.name, evals: Array.from(r.evals) } };
    },
  });
}

export const limeMethod = sampledMethod({
  name: 'lime', about: 'a weighted linear surrogate over random on/off segment patterns',
  paper: { authors: 'Ribeiro, Singh, Guestrin', title: '"Why Should I Trust You?": Explaining the Predictions of Any Classifier', year: 2016 },
}, 'seed of the on/off patterns', 2, 'model evaluations per sample, default 1000', lime);

export const kernelShapMethod = sampledMethod({
  name: 'kernelshap', about: 'Shapley values of the segments by weighted least squares over coalitions',
  paper: { authors: 'Lundberg, Lee', title: 'A Unified Approach to Interpreting Model Predictions', year: 2017 },
}, 'seed of the sampled coalitions', 3, 'model evaluations per sample, default 2 x segments + 2048', kernelShap);

export const occlusionMethod = targetOnlyMethod({
  name: 'occlusion', family: 'black-box', about: 'the score drop when a sliding patch is set to the baseline',
  paper: { authors: 'Zeiler, Fergus', title: 'Visualizing and Understanding Convolutional Networks', year: 2014 },
}, occlusion, (r): BlackBoxSummary<'occlusion'> => ({ kind: 'occlusion', evals: Array.from(r.evals) }), 'running');
