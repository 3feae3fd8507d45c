/** Tanh: dX = G·(1 - Y²). */
import { k, unaryRule } from './util.js';

export const tanhGrad = unaryRule('Tanh', ({ e, y, g }) => e.mul(g, e.sub(k(e, 1, y), e.mul(y, y))));
