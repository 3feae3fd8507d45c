/** Mish: Y = X·tanh(softplus(X)), dX = G·(t + X·(1 - t²)·sigmoid(X)) with t = tanh(softplus(X)). */
import { k, unaryRule } from './util.js';

export const mishGrad = unaryRule('Mish', ({ e, x, g }) => {
  const t = e.op1('Tanh', [e.op1('Softplus', [x])]);
  const dt = e.mul(e.sub(k(e, 1, t), e.mul(t, t)), e.op1('Sigmoid', [x]));
  return e.mul(g, e.add(t, e.mul(x, dt)));
}, 18);
