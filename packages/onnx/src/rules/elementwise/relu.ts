/**
 * Relu: dX = G where X > 0 (the subgradient at 0 is 0). The mask reads the output Y (Y > 0 exactly
 * when X > 0), so X keeps a single consumer and onnxruntime can still fuse Conv + Relu.
 */
import type { GradRule } from '../types.js';

export const reluGrad: GradRule = {
  opType: 'Relu',
  differentiable: [0],
  vjp: ({ node, e, grad }) => {
    const y = node.outputs[0]!;
    return [e.mask(e.greater(y, e.scalarLike(0, y)), grad()!)];
  },
};
