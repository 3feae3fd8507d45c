/**
 * Max / Min (variadic, broadcasting): dXi = G where Xi attains the result. Ties go to the first
 * input that attains it, so the cotangents always add up to G.
 */
import type { Emitter } from '../../emit/emitter.js';
import type { GradRule } from '../types.js';

/**
 * Where input i wins: it beats every earlier input strictly and every later one or ties it.
 * The inputs are compared with each other rather than with the output Y: onnxruntime's CPU
 * provider compares float16 Max/Min outputs (opset 12+) wrongly against their own inputs.
 */
function wins(e: Emitter, opType: 'Max' | 'Min', xs: readonly string[], i: number): string {
  const x = xs[i]!;
  const conds = xs.flatMap((o, j) => {
    if (j === i) return [];
    if (opType === 'Max') return [j < i ? e.greater(x, o) : e.greaterOrEqual(x, o)];
    return [j < i ? e.less(x, o) : e.lessOrEqual(x, o)];
  });
  return conds.reduce((a, b) => e.and(a, b));
}

const extremum = (opType: 'Max' | 'Min'): GradRule => ({
  opType,
  differentiable: (node) => node.inputs.map((_, i) => i),
  vjp: ({ node, e, grad, needs }) => {
    const g = grad()!;
    const xs = node.inputs;
    if (xs.length === 1) return [g];
    return xs.map((x, i) => (needs(i) ? e.unbroadcast(e.mask(wins(e, opType, xs, i), g), x) : undefined));
  },
});

export const maxGrad = extremum('Max');
export const minGrad = extremum('Min');
