/** Sin: dX = G·cos X; Cos: dX = -G·sin X. */
import { unaryRule } from './util.js';

export const sinGrad = unaryRule('Sin', ({ e, x, g }) => e.mul(g, e.op1('Cos', [x])));
export const cosGrad = unaryRule('Cos', ({ e, x, g }) => e.neg(e.mul(g, e.op1('Sin', [x]))));
