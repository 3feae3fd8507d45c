/**
 * QuantizeLinear x -> q = saturate(round(x / s) + zp): straight-through rounding, so
 * dx = G / s where x / s + zp lies in the integer range and 0 where it saturates (util.ts).
 */
import type { GradRule } from '../types.js';
import { alongAxis, quantizeInRange } from './util.js';

export const quantizeLinearGrad: GradRule = {
  opType: 'QuantizeLinear',
  differentiable: [0],
  integerOutputs: true,
  vjp: (ctx) => {
    const { node, e } = ctx;
    const s = alongAxis(e, node.inputs[1]!, node.int('axis', 1), e.rank(node.inputs[0]!));
    return [e.mask(quantizeInRange(e, node, ctx.value, ctx.unsupported), e.div(ctx.grad()!, s))];
  },
};
