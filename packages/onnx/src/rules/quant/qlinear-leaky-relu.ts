/** QLinearLeakyRelu: the rule of its float counterpart at the dequantised operands (see util.ts for the convention). */
import { leakyReluGrad } from '../elementwise/leaky-relu.js';
import { qoperatorRule } from './util.js';

export const qlinearLeakyReluGrad = qoperatorRule('QLinearLeakyRelu', leakyReluGrad);
