/** QLinearSigmoid: the rule of its float counterpart at the dequantised operands (see util.ts for the convention). */
import { sigmoidGrad } from '../elementwise/sigmoid.js';
import { qoperatorRule } from './util.js';

export const qlinearSigmoidGrad = qoperatorRule('QLinearSigmoid', sigmoidGrad);
