/** Sigmoid: dX = G·Y·(1 - Y). */
import { k, unaryRule } from './util.js';

export const sigmoidGrad = unaryRule('Sigmoid', ({ e, y, g }) => e.mul(g, e.mul(y, e.sub(k(e, 1, y), y))));
