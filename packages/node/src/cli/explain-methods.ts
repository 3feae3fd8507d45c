/** The attribution methods `axplain explain` runs, by CLI name, with their progress hooks. */
import {
  type GradientModel, gradientXInput, integratedGradients, saliency, smoothGrad, type Tensor,
} from '@axplain/core';
import { BOUNDARY_METHODS, type BoundaryMethod, type BoundaryRunOptions, runBoundaryMethod } from './explain-boundary-methods.js';
import { CliError } from './run.js';

const GRADIENT_METHODS = ['saliency', 'gradxinput', 'ig', 'smoothgrad'] as const;
export const EXPLAIN_METHODS = [...GRADIENT_METHODS, ...BOUNDARY_METHODS] as const;
export type ExplainMethod = (typeof EXPLAIN_METHODS)[number];

export interface MethodRun {
  attribution: Tensor;
  targets: Int32Array;
  /** Method-specific numbers for the summary and the JSON (e.g. IG's completeness gap). */
  extra: Record<string, unknown>;
}

export function parseMethod(name: string): ExplainMethod {
  if (!(EXPLAIN_METHODS as readonly string[]).includes(name))
    throw new CliError(`--method: unknown method '${name}'; choose one of ${EXPLAIN_METHODS.join(', ')}`);
  return name as ExplainMethod;
}

/** Steps of a multi-step method (IG steps, SmoothGrad samples); 1 for the others. */
export const stepsOf = (m: ExplainMethod, steps: number | undefined): number =>
  m === 'ig' || m === 'smoothgrad' ? steps ?? 50 : m === 'big' ? steps ?? 20 : 1;

export async function runMethod(
  method: ExplainMethod, model: GradientModel, x: Tensor,
  o: BoundaryRunOptions,
): Promise<MethodRun> {
  if ((BOUNDARY_METHODS as readonly string[]).includes(method)) return runBoundaryMethod(method as BoundaryMethod, model, x, o);
  const onStep = o.onStep ? (i: { step: number; steps: number }) => o.onStep!(i.step, i.steps) : undefined;
  switch (method) {
    case 'saliency': {
      const r = await saliency(model, x, { target: o.target });
      return { attribution: r.attribution, targets: r.targets, extra: {} };
    }
    case 'gradxinput': {
      const r = await gradientXInput(model, x, { target: o.target });
      return { attribution: r.attribution, targets: r.targets, extra: {} };
    }
    case 'ig': {
      const r = await integratedGradients(model, x, { target: o.target, steps: stepsOf(method, o.steps), onStep });
      return {
        attribution: r.attribution, targets: r.targets,
        extra: {
          steps: stepsOf(method, o.steps), baseline: 'zeros', integration: 'gausslegendre',
          completenessGap: Array.from(r.delta), inputScore: Array.from(r.inputScores), baselineScore: Array.from(r.baselineScores),
        },
      };
    }
    case 'smoothgrad': {
      const r = await smoothGrad(model, x, { target: o.target, samples: stepsOf(method, o.steps), seed: o.seed, onStep });
      return { attribution: r.attribution, targets: r.targets, extra: { samples: r.samples, sigma: Array.from(r.sigma), variant: r.variant, seed: o.seed } };
    }
    default:
      throw new CliError(`--method: '${method}' has no runner`);
  }
}
