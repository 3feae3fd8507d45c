/**
 * The boundary, adversarial and black-box methods of `axplain explain` (BSM, BIG, AGI, AXAI,
 * sparse Frank-Wolfe counterfactuals, LIME, KernelSHAP, Occlusion), each mapped to one
 * attribution map plus the method's own facts for the summary and the JSON.
 */
import {
  adversarialGradientIntegration, axai, boundaryIntegratedGradients, boundarySaliency, type GradientModel,
  kernelShap, lime, occlusion, sparseCounterfactual, type Tensor,
} from '@axplain/core';
import type { MethodRun } from './explain-methods.js';

export const BOUNDARY_METHODS = ['bsm', 'big', 'agi', 'axai', 'fw', 'lime', 'kernelshap', 'occlusion'] as const;
export type BoundaryMethod = (typeof BOUNDARY_METHODS)[number];

export interface BoundaryRunOptions {
  target: number | 'predicted';
  steps?: number;
  seed: number;
  onStep?: (done: number, total: number) => void;
  /** Method-specific numbers: eps (AXAI L2 budget, FW L1 radius), sparsity q (FW), topK (AXAI), maxEvals (LIME, SHAP). */
  eps?: number;
  sparsity?: number;
  topK?: number;
  maxEvals?: number;
}

const flags = (u: Uint8Array) => Array.from(u, (v) => v === 1);

export async function runBoundaryMethod(method: BoundaryMethod, model: GradientModel, x: Tensor, o: BoundaryRunOptions): Promise<MethodRun> {
  const onStep = o.onStep ? (i: { step: number; steps: number }) => o.onStep!(i.step, i.steps) : undefined;
  switch (method) {
    case 'bsm': {
      const r = await boundarySaliency(model, x, { target: o.target });
      return { attribution: r.attribution, targets: r.targets, extra: { found: flags(r.found), boundaryDistance: Array.from(r.distance), member: r.member } };
    }
    case 'big': {
      const r = await boundaryIntegratedGradients(model, x, { target: o.target, steps: o.steps ?? 20, onStep });
      return {
        attribution: r.attribution, targets: r.targets,
        extra: { found: flags(r.found), boundaryDistance: Array.from(r.distance), completenessGap: Array.from(r.delta), inputScore: Array.from(r.inputScores), baselineScore: Array.from(r.boundaryScores) },
      };
    }
    case 'agi': {
      const r = await adversarialGradientIntegration(model, x, { target: o.target, steps: o.steps ?? 20 });
      return { attribution: r.attribution, targets: r.targets, extra: { paths: r.paths } };
    }
    case 'axai': {
      const r = await axai(model, x, { target: o.target, steps: o.steps ?? 20, seed: o.seed, ...(o.eps ? { eps: o.eps } : {}), ...(o.topK ? { topK: o.topK } : {}) });
      // The map: the selected segments, each at its attack density (the rest 0).
      const e = r.explanations[0]!;
      const hw = e.mask.length;
      const data = new Float32Array(hw);
      for (let p = 0; p < hw; p++) data[p] = e.mask[p] ? e.density[e.segmentation.labels[p]!]! : 0;
      return {
        attribution: { data, shape: [1, 1, r.dims.height, r.dims.width] }, targets: Int32Array.of(e.label),
        extra: { found: flags(r.found), adversarialLabel: e.adversarialLabel, segments: e.segmentation.count, selected: Array.from(e.selected), ties: Array.from(e.ties), density: Array.from(e.density) },
      };
    }
    case 'fw': {
      const r = await sparseCounterfactual(model, x, { steps: o.steps ?? 20, seed: o.seed, ...(o.eps ? { eps: o.eps } : {}), ...(o.sparsity ? { sparsity: o.sparsity } : {}) });
      return {
        attribution: r.perturbation, targets: r.targets,
        extra: { counterfactualClass: Array.from(r.targets), success: flags(r.success), l0: Array.from(r.l0), l1: Array.from(r.l1), linf: Array.from(r.linf), counterfactual: Array.from(r.counterfactual.data) },
      };
    }
    case 'lime': {
      const r = await lime(model, x, { target: o.target, seed: o.seed, ...(o.maxEvals ? { maxEvals: o.maxEvals } : {}) });
      return { attribution: r.attribution, targets: r.targets, extra: { evals: Array.from(r.evals) } };
    }
    case 'kernelshap': {
      const r = await kernelShap(model, x, { target: o.target, seed: o.seed, ...(o.maxEvals ? { maxEvals: o.maxEvals } : {}) });
      return { attribution: r.attribution, targets: r.targets, extra: { evals: Array.from(r.evals) } };
    }
    case 'occlusion': {
      const r = await occlusion(model, x, { target: o.target });
      return { attribution: r.attribution, targets: r.targets, extra: { evals: Array.from(r.evals) } };
    }
  }
}
