/** QLinearAveragePool: the rule of its float counterpart at the dequantised operands (see util.ts for the convention). */
import { averagePoolGrad } from '../pool/average-pool.js';
import { qoperatorRule } from './util.js';

export const qlinearAveragePoolGrad = qoperatorRule('QLinearAveragePool', averagePoolGrad);
