/** Selu: Y = gamma·X (X > 0) or gamma·alpha·(eˣ - 1); dX = gamma·G or G·(Y + gamma·alpha). */
import { k, unaryRule } from './util.js';

const ALPHA = 1.67326319217681884765625;
const GAMMA = 1.05070102214813232421875;

export const seluGrad = unaryRule('Selu', ({ ctx, e, x, y, g }) => {
  const alpha = ctx.node.float('alpha', ALPHA);
  const gamma = ctx.node.float('gamma', GAMMA);
  return e.where(e.greater(x, k(e, 0, x)), e.scale(g, gamma), e.mul(g, e.add(y, k(e, gamma * alpha, y))));
});
