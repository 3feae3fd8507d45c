/** Erf: dX = G·(2/√π)·exp(-X²). */
import { unaryRule } from './util.js';

export const erfGrad = unaryRule('Erf', ({ e, x, g }) =>
  e.mul(g, e.scale(e.op1('Exp', [e.neg(e.mul(x, x))]), 2 / Math.sqrt(Math.PI))), 9);
