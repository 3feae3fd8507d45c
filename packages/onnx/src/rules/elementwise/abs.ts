/** Abs: dX = G·sign(X) (0 at X = 0). */
import { signOf, unaryRule } from './util.js';

export const absGrad = unaryRule('Abs', ({ e, x, g }) => e.mul(g, signOf(e, x)));
