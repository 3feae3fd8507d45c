/** Div: Y = A / B, dA = G / B, dB = -G·A / B² = -(G / B)·Y (summed over broadcast axes). */
import type { GradRule } from '../types.js';

export const divGrad: GradRule = {
  opType: 'Div',
  differentiable: [0, 1],
  vjp: ({ node, e, grad, needs }) => {
    const [a, b] = node.inputs as [string, string];
    const y = node.outputs[0]!;
    const gOverB = e.div(grad()!, b);
    return [
      needs(0) ? e.unbroadcast(gOverB, a) : undefined,
      needs(1) ? e.unbroadcast(e.neg(e.mul(gOverB, y)), b) : undefined,
    ];
  },
};
