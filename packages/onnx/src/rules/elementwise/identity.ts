/** Identity: dX = G. */
import { unaryRule } from './util.js';

export const identityGrad = unaryRule('Identity', ({ g }) => g);
