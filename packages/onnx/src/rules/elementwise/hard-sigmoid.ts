/** HardSigmoid: Y = clip(alpha·X + beta, 0, 1); dX = alpha·G where 0 < Y < 1 (read off the output). */
import { k, unaryRule } from './util.js';

export const hardSigmoidGrad = unaryRule('HardSigmoid', ({ ctx, e, y, g }) => {
  const inside = e.and(e.greater(y, k(e, 0, y)), e.less(y, k(e, 1, y)));
  return e.mask(inside, e.scale(g, ctx.node.float('alpha', 0.2)));
});
