/** LogSoftmax: dX = G - exp(Y) * sum(G), the sum over the softmax axes (one axis from opset 13, all from `axis` before). */
import type { GradRule } from '../types.js';
import { BROADCAST_OPSET, softmaxAxes } from './util.js';

export const logSoftmaxGrad: GradRule = {
  opType: 'LogSoftmax',
  differentiable: [0],
  sinceOpset: BROADCAST_OPSET,
  vjp: ({ node, e, grad, opset }) => {
    const y = node.outputs[0]!;
    const g = grad()!;
    const axes = softmaxAxes(node, opset, e.rank(y));
    return [e.sub(g, e.mul(e.op1('Exp', [y]), e.reduceSum(g, axes)))];
  },
};
