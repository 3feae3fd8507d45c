/**
 * QuantizeLinear x -> q = saturate(round(x / s) + zp): straight-through rounding, so
 * dx = G / s where x / s + zp lies in the integer range and 0 where it saturates (util.ts).
 */
import { integerRange } from '../../quant-spec.js';
import type { GradRule } from '../types.js';
import { alongAxis } from './util.js';

export const quantizeLinearGrad: GradRule = {
  opType: 'QuantizeLinear',
  differentiable: [0],
  integerOutputs: true,
  vjp: (ctx) => {
    const { node, e } = ctx;
    const [x, s] = node.inputs as [string, string];
    const zp = node.input(2);
    if (node.int('block_size', 0) > 0) ctx.unsupported('blocked quantisation (block_size > 0) is not supported');
    const range = integerRange(e.elemType(node.outputs[0]!));
    if (!range) ctx.unsupported(`quantising to element type ${e.elemType(node.outputs[0]!)} is not supported (8-, 16- and 32-bit integers are)`);
    const axis = node.int('axis', 1);
    const r = e.rank(x);
    const sa = alongAxis(e, s, axis, r);
    let z = e.div(x, sa);
    if (zp) z = e.add(z, alongAxis(e, e.cast(zp, e.elemType(x)), axis, r));
    const inside = e.and(e.greaterOrEqual(z, e.scalarLike(range![0], z)), e.lessOrEqual(z, e.scalarLike(range![1], z)));
    return [e.mask(inside, e.div(ctx.grad()!, sa))];
  },
};
