/**
 * HardSwish: Y = X·clip(X/6 + 1/2, 0, 1); dY/dX = 0 below -3, 1 above 3, X/3 + 1/2 between,
 * written as HardSigmoid(X; 1/6, 1/2) + X/6 on (-3, 3) so it stays differentiable standard ops.
 */
import { k, unaryRule } from './util.js';

export const hardSwishGrad = unaryRule('HardSwish', ({ e, x, g }) => {
  const hs = e.op1('HardSigmoid', [x], { alpha: { f: 1 / 6 }, beta: { f: 0.5 } });
  const inside = e.and(e.greater(x, k(e, -3, x)), e.less(x, k(e, 3, x)));
  return e.mul(g, e.add(hs, e.mask(inside, e.scale(x, 1 / 6))));
}, 14);
