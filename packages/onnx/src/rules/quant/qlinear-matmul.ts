/** QLinearMatMul: the rule of its float counterpart at the dequantised operands (see util.ts for the convention). */
import { matmulGrad } from '../linalg/matmul.js';
import { qoperatorRule } from './util.js';

export const qlinearMatMulGrad = qoperatorRule('QLinearMatMul', matmulGrad);
