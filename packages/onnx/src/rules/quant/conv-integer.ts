/** ConvInteger: the rule of its float counterpart at the dequantised operands (see util.ts for the convention). */
import { convGrad } from '../conv/conv.js';
import { qoperatorRule } from './util.js';

export const convIntegerGrad = qoperatorRule('ConvInteger', convGrad);
