/** Gradient rules of quantised models: the quantisers and the QOperator ops (QLinear*, *Integer). */
import type { GradRule } from '../types.js';
import { convIntegerGrad } from './conv-integer.js';
import { dequantizeLinearGrad } from './dequantize-linear.js';
import { dynamicQuantizeLinearGrad } from './dynamic-quantize-linear.js';
import { matMulIntegerGrad } from './matmul-integer.js';
import { qlinearAddGrad } from './qlinear-add.js';
import { qlinearAveragePoolGrad } from './qlinear-average-pool.js';
import { qlinearConcatGrad } from './qlinear-concat.js';
import { qlinearConvGrad } from './qlinear-conv.js';
import { qlinearGlobalAveragePoolGrad } from './qlinear-global-average-pool.js';
import { qlinearLeakyReluGrad } from './qlinear-leaky-relu.js';
import { qlinearMatMulGrad } from './qlinear-matmul.js';
import { qlinearMulGrad } from './qlinear-mul.js';
import { qlinearSigmoidGrad } from './qlinear-sigmoid.js';
import { quantizeLinearGrad } from './quantize-linear.js';

export const QUANT_RULES: readonly GradRule[] = [
  quantizeLinearGrad, dequantizeLinearGrad, dynamicQuantizeLinearGrad,
  qlinearConvGrad, qlinearMatMulGrad, convIntegerGrad, matMulIntegerGrad,
  qlinearAddGrad, qlinearMulGrad, qlinearSigmoidGrad, qlinearLeakyReluGrad,
  qlinearAveragePoolGrad, qlinearGlobalAveragePoolGrad, qlinearConcatGrad,
];
