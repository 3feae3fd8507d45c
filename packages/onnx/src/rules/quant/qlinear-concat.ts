/** QLinearConcat: the rule of its float counterpart at the dequantised operands (see util.ts for the convention). */
import { concatGrad } from '../shape/concat.js';
import { qoperatorRule } from './util.js';

export const qlinearConcatGrad = qoperatorRule('QLinearConcat', concatGrad);
