/** Relu: dX = G where X > 0 (the subgradient at 0 is 0). */
import type { GradRule } from '../types.js';

export const reluGrad: GradRule = {
  opType: 'Relu',
  differentiable: [0],
  vjp: ({ node, e, grad }) => {
    const x = node.inputs[0]!;
    return [e.mask(e.greater(x, e.scalarLike(0, x)), grad()!)];
  },
};
