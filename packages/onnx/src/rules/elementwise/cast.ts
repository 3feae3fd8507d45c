/**
 * Cast: between float types dX = Cast(G, type of X); a cast to a non-float type is piecewise
 * constant, so its output is marked not differentiable and no gradient flows through it.
 */
import { DT, isFloatType } from '../../proto.js';
import type { GradRule } from '../types.js';

export const castGrad: GradRule = {
  opType: 'Cast',
  differentiable: (node) => (isFloatType(node.int('to', DT.FLOAT)) ? [0] : []),
  vjp: ({ node, e, grad }) => {
    const x = node.inputs[0]!;
    const t = e.elemType(x);
    // An integer or bool input (e.g. Dropout's mask) carries no derivative: a zero of its own type.
    if (!isFloatType(t)) return [e.zerosLike(x)];
    const g = grad()!;
    return [e.elemType(g) === t ? g : e.cast(g, t)];
  },
};
