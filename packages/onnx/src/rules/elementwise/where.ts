/** Where(C, X, Y): dX = G where C, dY = G where not C (summed to each operand's shape); C gets none. */
import type { GradRule } from '../types.js';

export const whereGrad: GradRule = {
  opType: 'Where',
  differentiable: [1, 2],
  sinceOpset: 9,
  vjp: ({ node, e, grad, needs }) => {
    const [c, x, y] = node.inputs as [string, string, string];
    const g = grad()!;
    return [
      undefined,
      needs(1) ? e.unbroadcast(e.mask(c, g), x) : undefined,
      needs(2) ? e.unbroadcast(e.mask(e.not(c), g), y) : undefined,
    ];
  },
};
