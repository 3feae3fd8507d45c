/** ThresholdedRelu: Y = X where X > alpha else 0; dX = G where X > alpha. */
import { k, unaryRule } from './util.js';

export const thresholdedReluGrad = unaryRule('ThresholdedRelu', ({ ctx, e, x, g }) =>
  e.mask(e.greater(x, k(e, ctx.node.float('alpha', 1), x)), g), 10);
