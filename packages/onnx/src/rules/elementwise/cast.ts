/**
 * Cast: between float types dX = Cast(G, type of X); a cast to a non-float type is piecewise
 * constant, so its output is marked not differentiable and no gradient flows through it.
 * A cast of a quantised integer tensor to float (the int32 accumulator of ConvInteger /
 * MatMulInteger) keeps the value: dX = G, the integer tensor's float cotangent (rules/quant/).
 */
import { DT, isFloatType } from '../../proto.js';
import type { GradRule } from '../types.js';

export const castGrad: GradRule = {
  opType: 'Cast',
  differentiable: (node) => (isFloatType(node.int('to', DT.FLOAT)) ? [0] : []),
  vjp: ({ node, e, grad }) => {
    const x = node.inputs[0]!;
    const t = e.elemType(x);
    const g = grad()!;
    // Only quantised integer tensors are ever active (activity.ts); their cotangent stays float.
    if (!isFloatType(t)) return [g];
    return [e.elemType(g) === t ? g : e.cast(g, t)];
  },
};
