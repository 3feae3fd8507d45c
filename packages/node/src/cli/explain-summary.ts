/** The summary lines of `axplain explain`, one set per kind of registry result. */
import type { ExplanationSummary } from '@axplain/core';
import { match, P } from 'ts-pattern';

const found = (f: boolean[]) => `boundary point found: ${f[0] ? 'yes' : 'no (see the not-found policy in the docs)'}`;

function completeness(s: { completenessGap: number[]; inputScore: number[]; baselineScore: number[] }): string {
  const gap = s.completenessGap[0]!;
  const diff = s.inputScore[0]! - s.baselineScore[0]!;
  return `completeness: sum(IG) - (f(x) - f(baseline)) = ${gap.toExponential(2)} (${(100 * Math.abs(gap) / Math.max(Math.abs(diff), 1e-12)).toFixed(2)}% of ${diff.toFixed(4)})`;
}

/** What the method found besides its map: boundary search, counterfactual, AXAI's segments, IG's completeness. */
export function summaryLines(s: ExplanationSummary, chosen: number): string[] {
  return match(s)
    .with({ kind: 'ig' }, (r) => [completeness(r)])
    .with({ kind: 'big' }, (r) => [found(r.found), completeness(r)])
    .with({ kind: 'bsm' }, (r) => [found(r.found)])
    .with({ kind: 'axai' }, (r) => [
      found(r.found),
      `AXAI selected segments ${r.selected.join(', ')} of ${r.segments}${r.ties.length ? ` (${r.ties.length} segments tied at the cut's density ${r.density[r.ties[0]!]!.toFixed(3)}; ordered by attack magnitude)` : ''}`,
    ])
    .with({ kind: 'fw' }, (r) => [`counterfactual class ${chosen}: ${r.success[0] ? 'reached' : 'not reached'}, L0 ${r.l0[0]}`])
    .with({ kind: P.union('saliency', 'gradxinput', 'smoothgrad', 'agi', 'lime', 'kernelshap', 'occlusion') }, () => [])
    .exhaustive();
}

/**
 * How many steps or samples a multi-step method took, for the 'explained class' line (BIG's are
 * called samples, as the line has always read); undefined for one-pass methods.
 */
export function stepCount(s: ExplanationSummary, options: unknown): string | undefined {
  const [n, unit] = match(s)
    .with({ kind: 'ig' }, (r) => [r.steps, 'steps'] as const)
    .with({ kind: 'smoothgrad' }, (r) => [r.samples, 'samples'] as const)
    .with({ kind: 'big' }, () => [(options as { steps: number }).steps, 'samples'] as const)
    .otherwise(() => [1, ''] as const);
  return n > 1 ? `${n} ${unit}` : undefined;
}

/** The summary's fields for the JSON (without the discriminant). */
export function summaryFields(s: ExplanationSummary): Record<string, unknown> {
  const { kind: _kind, ...fields } = s;
  return fields;
}
