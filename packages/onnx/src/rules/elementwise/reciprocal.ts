/** Reciprocal: Y = 1/X, dX = -G·Y². */
import { unaryRule } from './util.js';

export const reciprocalGrad = unaryRule('Reciprocal', ({ e, y, g }) => e.neg(e.mul(g, e.mul(y, y))));
