/** Add / Sub: the cotangent passes through (negated for Sub's B), summed over broadcast axes. */
import type { GradRule } from '../types.js';

const addLike = (opType: 'Add' | 'Sub'): GradRule => ({
  opType,
  differentiable: [0, 1],
  vjp: ({ node, e, grad, needs }) => {
    const [a, b] = node.inputs as [string, string];
    const g = grad()!;
    return [
      needs(0) ? e.unbroadcast(g, a) : undefined,
      needs(1) ? e.unbroadcast(opType === 'Sub' ? e.neg(g) : g, b) : undefined,
    ];
  },
});

export const addGrad = addLike('Add');
export const subGrad = addLike('Sub');
