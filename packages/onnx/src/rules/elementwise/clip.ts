/** Clip: dX = G where min <= X <= max (bounds are attributes before opset 11, optional inputs after). */
import type { GradRule } from '../types.js';
import { k } from './util.js';

export const clipGrad: GradRule = {
  opType: 'Clip',
  // The schema marks min and max NonDifferentiable.
  differentiable: [0],
  vjp: ({ node, e, grad, opset }) => {
    const x = node.inputs[0]!;
    // A bound that is absent means no clipping on that side (attribute defaults are ±FLT_MAX).
    const lo = opset >= 11 ? node.input(1) : node.has('min') ? k(e, node.float('min', 0), x) : undefined;
    const hi = opset >= 11 ? node.input(2) : node.has('max') ? k(e, node.float('max', 0), x) : undefined;
    // Inclusive at both bounds: an input sitting exactly on a bound passes its gradient through.
    const conds = [lo && e.greaterOrEqual(x, lo), hi && e.lessOrEqual(x, hi)].filter((c): c is string => !!c);
    const g = grad()!;
    if (conds.length === 0) return [g];
    return [e.mask(conds.length === 2 ? e.and(conds[0]!, conds[1]!) : conds[0]!, g)];
  },
};
