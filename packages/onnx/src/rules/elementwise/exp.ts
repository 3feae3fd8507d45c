/** Exp: dX = G·Y. */
import { unaryRule } from './util.js';

export const expGrad = unaryRule('Exp', ({ e, y, g }) => e.mul(g, y));
