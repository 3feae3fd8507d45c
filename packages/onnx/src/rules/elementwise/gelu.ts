/**
 * Gelu: 'none': Y = X·Φ(X), dX = G·(Φ(X) + X·φ(X));
 * 'tanh': Y = X/2·(1 + tanh u), u = √(2/π)(X + c·X³), dX = G·((1 + t)/2 + X/2·(1 - t²)·√(2/π)(1 + 3c·X²)).
 */
import { k, unaryRule } from './util.js';

const C = 0.044715;
const S2PI = Math.sqrt(2 / Math.PI);

export const geluGrad = unaryRule('Gelu', ({ ctx, e, x, g }) => {
  const approx = ctx.node.str('approximate', 'none');
  const half = k(e, 0.5, x);
  const one = k(e, 1, x);
  const x2 = e.mul(x, x);
  if (approx === 'none') {
    const cdf = e.mul(half, e.add(one, e.op1('Erf', [e.scale(x, Math.SQRT1_2)])));
    const pdf = e.scale(e.op1('Exp', [e.scale(x2, -0.5)]), 1 / Math.sqrt(2 * Math.PI));
    return e.mul(g, e.add(cdf, e.mul(x, pdf)));
  }
  if (approx !== 'tanh') ctx.unsupported(`Gelu approximate='${approx}' (expected 'none' or 'tanh')`);
  const u = e.scale(e.add(x, e.scale(e.mul(x2, x), C)), S2PI);
  const t = e.op1('Tanh', [u]);
  const du = e.scale(e.add(one, e.scale(x2, 3 * C)), S2PI);
  const d = e.add(e.mul(half, e.add(one, t)), e.mul(e.mul(half, x), e.mul(e.sub(one, e.mul(t, t)), du)));
  return e.mul(g, d);
}, 20);
