/** Softmax: dX = Y * (G - sum(G * Y)), the sum over the softmax axes (one axis from opset 13, all from `axis` before). */
import type { GradRule } from '../types.js';
import { BROADCAST_OPSET, softmaxAxes } from './util.js';

export const softmaxGrad: GradRule = {
  opType: 'Softmax',
  differentiable: [0],
  sinceOpset: BROADCAST_OPSET,
  vjp: ({ node, e, grad, opset }) => {
    const y = node.outputs[0]!;
    const g = grad()!;
    const axes = softmaxAxes(node, opset, e.rank(y));
    return [e.mul(y, e.sub(g, e.reduceSum(e.mul(g, y), axes)))];
  },
};
