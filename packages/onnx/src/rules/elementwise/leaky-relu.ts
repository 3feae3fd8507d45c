/** LeakyRelu: dX = G where X > 0, alpha·G elsewhere. */
import { k, unaryRule } from './util.js';

export const leakyReluGrad = unaryRule('LeakyRelu', ({ ctx, e, x, g }) =>
  e.where(e.greater(x, k(e, 0, x)), g, e.scale(g, ctx.node.float('alpha', 0.01))));
