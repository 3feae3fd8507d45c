/** DequantizeLinear q -> (q - zp) * s: dq = G * s (per axis); the cotangent of q is a float tensor (util.ts). */
import type { GradRule } from '../types.js';
import { alongAxis } from './util.js';

export const dequantizeLinearGrad: GradRule = {
  opType: 'DequantizeLinear',
  differentiable: [0],
  vjp: (ctx) => {
    const { node, e } = ctx;
    const [q, s] = node.inputs as [string, string];
    if (node.int('block_size', 0) > 0) ctx.unsupported('blocked quantisation (block_size > 0) is not supported');
    return [e.mul(ctx.grad()!, alongAxis(e, s, node.int('axis', 1), e.rank(q)))];
  },
};
