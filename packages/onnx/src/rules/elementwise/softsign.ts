/** Softsign: Y = X / (1 + |X|), dX = G / (1 + |X|)². */
import { k, unaryRule } from './util.js';

export const softsignGrad = unaryRule('Softsign', ({ e, x, g }) => {
  const d = e.add(k(e, 1, x), e.op1('Abs', [x]));
  return e.div(g, e.mul(d, d));
});
