/** Building blocks shared by the per-family shape inference tables. */
import { broadcastShapes, type TensorInfo } from '../dims.js';
import type { InferFn, OpInference } from './types.js';

/** Output 0 is shaped and typed like input 0. */
export const sameAsInput: InferFn = (n, ctx) => [ctx.info(n.inputs[0]!)];
export const unary: OpInference = { infer: sameAsInput };

/** Numpy broadcast of all present inputs, element type of input 0 (or `elemType`). */
export const broadcastInfer = (elemType?: number): InferFn => (n, ctx) => {
  const infos = n.inputs.filter((x) => x).map((x) => ctx.info(x));
  return [{ elemType: elemType ?? infos[0]!.elemType, shape: broadcastShapes(...infos.map((i) => i.shape)) }];
};

export const info = (elemType: number, shape: TensorInfo['shape']): TensorInfo => ({ elemType, shape });
