/** The counterfactual method in the registry: controllably sparse Frank-Wolfe counterfactuals. */
import { sparseCounterfactual } from '../explanations/counterfactual/sparse-counterfactual.js';
import { integerOption, numberOption, seedOption } from './options.js';
import { boxOf, defineExplanation, flags, forwardSteps } from './types.js';

export interface SparseCounterfactualMethodOptions { steps: number; seed: number; eps: number; sparsity: number }

/** The counterfactual's class, whether it was reached, the perturbation's sizes and the counterfactual itself. */
export interface SparseCounterfactualSummary {
  kind: 'fw'; counterfactualClass: number[]; success: boolean[]; l0: number[]; l1: number[]; linf: number[]; counterfactual: number[];
}

export const sparseCounterfactualMethod = defineExplanation<'fw', SparseCounterfactualMethodOptions, SparseCounterfactualSummary>({
  name: 'fw', family: 'counterfactual', about: 'the few values a sparse Frank-Wolfe perturbation changes to reach another class',
  paper: { authors: 'Roberts, Tsiligkaridis', title: 'Controllably Sparse Perturbations of Robust Classifiers for Explaining Predictions and Probing Learned Concepts', year: 2021 },
  options: {
    steps: integerOption('steps', 20, { min: 0 }, 'Frank-Wolfe steps'), seed: seedOption('seed of the jitter'),
    eps: numberOption('eps', 10, { above: 0 }, 'L1 radius of the perturbation'),
    sparsity: numberOption('sparsity', 0.995, { min: 0, below: 1 }, 'sparsity control q'),
  },
  progressSteps: (o) => o.steps,
  async run(model, x, o, context) {
    const r = await sparseCounterfactual(model, x, { steps: o.steps, seed: o.seed, eps: o.eps, sparsity: o.sparsity, ...boxOf(context), signal: context?.signal, onStep: forwardSteps(context) });
    return {
      attribution: r.perturbation, targets: r.targets,
      summary: {
        kind: 'fw', counterfactualClass: Array.from(r.targets), success: flags(r.success), l0: Array.from(r.l0), l1: Array.from(r.l1),
        linf: Array.from(r.linf), counterfactual: Array.from(r.counterfactual.data),
      },
    };
  },
});
