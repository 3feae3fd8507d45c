/** Mul: dA = G·B, dB = G·A, each summed over the axes it was broadcast along. */
import type { GradRule } from '../types.js';

export const mulGrad: GradRule = {
  opType: 'Mul',
  differentiable: [0, 1],
  vjp: ({ node, e, grad, needs }) => {
    const [a, b] = node.inputs as [string, string];
    const g = grad()!;
    return [
      needs(0) ? e.unbroadcast(e.mul(g, b), a) : undefined,
      needs(1) ? e.unbroadcast(e.mul(g, a), b) : undefined,
    ];
  },
};
