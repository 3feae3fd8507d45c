/** Shape inference of the QDQ ops of quantised graphs (QuantizeLinear / DequantizeLinear). */
import { DT } from '../proto.js';
import type { InferTable } from './types.js';

export const QUANT_INFER: InferTable = {
  QuantizeLinear: {
    // The output type is the zero point's (uint8 without one), or output_dtype from opset 21.
    infer: (n, ctx) => {
      const x = ctx.info(n.inputs[0]!);
      const zp = n.input(2);
      const elemType = zp ? ctx.info(zp).elemType : n.int('output_dtype', 0) || DT.UINT8;
      return [{ elemType, shape: [...x.shape] }];
    },
  },
  DequantizeLinear: {
    // float32, or the scale's type (float16 scales from opset 19).
    infer: (n, ctx) => {
      const x = ctx.info(n.inputs[0]!);
      const scale = ctx.tryInfo(n.inputs[1]!);
      return [{ elemType: scale?.elemType ?? DT.FLOAT, shape: [...x.shape] }];
    },
  },
};
