/** QLinearGlobalAveragePool: the rule of its float counterpart at the dequantised operands (see util.ts for the convention). */
import { globalAveragePoolGrad } from '../pool/global-pool.js';
import { qoperatorRule } from './util.js';

export const qlinearGlobalAveragePoolGrad = qoperatorRule('QLinearGlobalAveragePool', globalAveragePoolGrad);
