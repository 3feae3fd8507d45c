/** Celu: Y = X (X > 0) or alpha·(exp(X/alpha) - 1); dX = G or G·(Y/alpha + 1) = G·exp(X/alpha). */
import { k, unaryRule } from './util.js';

export const celuGrad = unaryRule('Celu', ({ ctx, e, x, y, g }) => {
  const alpha = ctx.node.float('alpha', 1);
  return e.where(e.greater(x, k(e, 0, x)), g, e.mul(g, e.add(e.scale(y, 1 / alpha), k(e, 1, y))));
}, 12);
