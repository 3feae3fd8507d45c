/** Elu: Y = X (X > 0) or alpha·(eˣ - 1); dX = G or G·(Y + alpha). */
import { k, unaryRule } from './util.js';

export const eluGrad = unaryRule('Elu', ({ ctx, e, x, y, g }) =>
  e.where(e.greater(x, k(e, 0, x)), g, e.mul(g, e.add(y, k(e, ctx.node.float('alpha', 1), y)))));
