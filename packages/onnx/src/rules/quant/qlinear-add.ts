/** QLinearAdd: the rule of its float counterpart at the dequantised operands (see util.ts for the convention). */
import { addGrad } from '../elementwise/add.js';
import { qoperatorRule } from './util.js';

export const qlinearAddGrad = qoperatorRule('QLinearAdd', addGrad);
