/** Log: dX = G / X. */
import { unaryRule } from './util.js';

export const logGrad = unaryRule('Log', ({ e, x, g }) => e.div(g, x));
