/** Sqrt: dX = G / (2·Y). */
import { unaryRule } from './util.js';

export const sqrtGrad = unaryRule('Sqrt', ({ e, y, g }) => e.scale(e.div(g, y), 0.5));
