/** Expand: dX = G summed over the broadcast axes, reshaped to X's shape. */
import type { GradRule } from '../types.js';

export const expandGrad: GradRule = {
  opType: 'Expand',
  differentiable: [0],
  sinceOpset: 8,
  vjp: ({ node, e, grad }) => [e.unbroadcast(grad()!, node.inputs[0]!)],
};
