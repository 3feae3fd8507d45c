/** Softplus: Y = ln(1 + eˣ), dX = G·sigmoid(X). */
import { unaryRule } from './util.js';

export const softplusGrad = unaryRule('Softplus', ({ e, x, g }) => e.mul(g, e.op1('Sigmoid', [x])));
