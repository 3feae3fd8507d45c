/**
 * Softmax: dX = Y * (G - sum(G * Y)); LogSoftmax: dX = G - exp(Y) * sum(G). The sums run over the
 * softmax axes (one axis from opset 13, all from `axis` before).
 */
import type { Emitter } from '../../emit/emitter.js';
import type { GradRule } from '../types.js';
import { BROADCAST_OPSET, softmaxAxes } from './util.js';

/** A softmax-like rule: dX from the output Y, its cotangent G and the normalised axes. */
const softmaxLike = (opType: string, dx: (e: Emitter, y: string, g: string, axes: number[]) => string): GradRule => ({
  opType,
  differentiable: [0],
  sinceOpset: BROADCAST_OPSET,
  vjp: ({ node, e, grad, opset }) => {
    const y = node.outputs[0]!;
    return [dx(e, y, grad()!, softmaxAxes(node, opset, e.rank(y)))];
  },
});

export const softmaxGrad = softmaxLike('Softmax', (e, y, g, axes) => e.mul(y, e.sub(g, e.reduceSum(e.mul(g, y), axes))));

export const logSoftmaxGrad = softmaxLike('LogSoftmax', (e, y, g, axes) => e.sub(g, e.mul(e.op1('Exp', [y]), e.reduceSum(g, axes))));
