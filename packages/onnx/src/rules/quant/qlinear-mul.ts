/** QLinearMul: the rule of its float counterpart at the dequantised operands (see util.ts for the convention). */
import { mulGrad } from '../elementwise/mul.js';
import { qoperatorRule } from './util.js';

export const qlinearMulGrad = qoperatorRule('QLinearMul', mulGrad);
