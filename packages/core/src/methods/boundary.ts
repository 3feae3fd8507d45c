/**
 * The boundary methods in the registry: BSM and BIG (attributions at and from the closest
 * decision-boundary point), AGI (integration along adversarial paths) and AXAI (the segments an
 * L2 attack concentrates on).
 */
import { axai } from '../explanations/axai/axai.js';
import type { ClosestMember } from '../attacks/closest-adversarial.js';
import { adversarialGradientIntegration, type AdversarialGradientIntegrationResult } from '../explanations/boundary/adversarial-gradient-integration.js';
import { boundaryIntegratedGradients } from '../explanations/boundary/boundary-integrated-gradients.js';
import { boundarySaliency } from '../explanations/boundary/boundary-saliency.js';
import type { Target } from '../targets.js';
import { integerOption, numberOption, seedOption, targetOption } from './options.js';
import { boxOf, defineExplanation, flags, forwardSteps, pathIntegralMethod, targetOnlyMethod } from './types.js';

const BOUNDARY_PAPER = { authors: 'Wang, Fredrikson, Datta', title: 'Robust Models Are More Interpretable Because Attributions Look Normal', year: 2022 } as const;

export interface BigOptions { target: Target; steps: number }
export interface AgiOptions { target: Target; steps: number }
export interface AxaiMethodOptions { target: Target; steps: number; seed: number; eps: number; topK: number }

/** Whether the boundary search found a point, its distance, and the member of the boundary family used. */
export interface BsmSummary { kind: 'bsm'; found: boolean[]; boundaryDistance: number[]; member: (ClosestMember | null)[] }
/** BIG's completeness against f(x) - f(boundary point). */
export interface BigSummary {
  kind: 'big'; found: boolean[]; boundaryDistance: number[]; completenessGap: number[]; inputScore: number[]; baselineScore: number[];
}
export interface AgiSummary { kind: 'agi'; paths: AdversarialGradientIntegrationResult['paths'] }
/** AXAI's choice for the first sample: the selected segments (ties included), and every segment's attack density. */
export interface AxaiSummary {
  kind: 'axai'; found: boolean[]; adversarialLabel: number; segments: number; selected: number[]; ties: number[]; density: number[];
  /** The segment id of every pixel (H x W, row-major), for drawing the selected segments. */
  segmentLabels: number[];
}

export const boundarySaliencyMethod = targetOnlyMethod({
  name: 'bsm', family: 'boundary', about: 'saliency at the closest decision-boundary point', paper: BOUNDARY_PAPER,
}, (model, x, { onStep, box, ...o }) => boundarySaliency(model, x, { ...o, search: { onStep, box } }),
(r): BsmSummary => ({ kind: 'bsm', found: flags(r.found), boundaryDistance: Array.from(r.distance), member: r.member }), 'running');

export const boundaryIntegratedGradientsMethod = pathIntegralMethod({
  name: 'big', family: 'boundary', about: 'Integrated Gradients from the closest decision-boundary point', paper: BOUNDARY_PAPER,
}, 20, (model, x, { onStep, box, ...o }) => {
  // One bar for both phases: the boundary search's member runs, then the path's chunks.
  let searched = 0;
  return boundaryIntegratedGradients(model, x, {
    ...o,
    search: { box, onStep: onStep && ((i) => { searched = i.steps; onStep({ step: i.step, steps: i.steps + 1 }); }) },
    onStep: onStep && ((i) => onStep({ step: searched + i.step, steps: searched + i.steps })),
  });
}, (r): BigSummary => ({
  kind: 'big', found: flags(r.found), boundaryDistance: Array.from(r.distance), completenessGap: Array.from(r.delta),
  inputScore: Array.from(r.inputScores), baselineScore: Array.from(r.boundaryScores),
}), 'running');

export const adversarialGradientIntegrationMethod = defineExplanation<'agi', AgiOptions, AgiSummary>({
  name: 'agi', family: 'boundary', about: 'gradients integrated along sign-gradient paths to the false classes',
  paper: { authors: 'Pan, Li, Zhu', title: 'Explaining Deep Neural Network Models with Adversarial Gradient Integration', year: 2021 },
  options: { target: targetOption, steps: integerOption('steps', 20, { min: 0 }, 'path steps per false class') },
  // The paths stop early once every one reached its false class, so the count is an upper bound known while running.
  progressSteps: () => undefined,
  async run(model, x, o, context) {
    const r = await adversarialGradientIntegration(model, x, { target: o.target, steps: o.steps, ...boxOf(context), signal: context?.signal, onStep: forwardSteps(context) });
    return { attribution: r.attribution, targets: r.targets, summary: { kind: 'agi', paths: r.paths } };
  },
});

export const axaiMethod = defineExplanation<'axai', AxaiMethodOptions, AxaiSummary>({
  name: 'axai', family: 'boundary', about: 'the top-K segments where an L2 attack concentrates',
  paper: { authors: 'Rahnama, Tseng', title: 'An Adversarial Approach for Explaining the Predictions of Deep Neural Networks', year: 2021 },
  options: {
    target: targetOption, steps: integerOption('steps', 20, { min: 1 }, 'PGD iterations'), seed: seedOption('seed of the attack'),
    eps: numberOption('eps', 2, { above: 0 }, 'L2 radius of the attack'), topK: integerOption('topK', 5, { min: 1 }, 'segments selected'),
  },
  progressSteps: (o) => o.steps,
  async run(model, x, o, context) {
    const r = await axai(model, x, { target: o.target, steps: o.steps, seed: o.seed, eps: o.eps, topK: o.topK, ...boxOf(context), signal: context?.signal, onStep: forwardSteps(context) });
    // The map: the selected segments of the first sample, each at its attack density (the rest 0).
    const e = r.explanations[0]!;
    const hw = e.mask.length;
    const data = new Float32Array(hw);
    for (let p = 0; p < hw; p++) data[p] = e.mask[p] ? e.density[e.segmentation.labels[p]!]! : 0;
    return {
      attribution: { data, shape: [1, 1, r.dims.height, r.dims.width] }, targets: Int32Array.of(e.label),
      summary: {
        kind: 'axai', found: flags(r.found), adversarialLabel: e.adversarialLabel, segments: e.segmentation.count,
        selected: Array.from(e.selected), ties: Array.from(e.ties), density: Array.from(e.density),
        segmentLabels: Array.from(e.segmentation.labels),
      },
    };
  },
});
