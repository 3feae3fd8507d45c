/** Neg: dX = -G. */
import { unaryRule } from './util.js';

export const negGrad = unaryRule('Neg', ({ e, g }) => e.neg(g));
