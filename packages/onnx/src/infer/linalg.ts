/** Shape inference for the linalg family (MatMul with numpy batch broadcasting, Gemm). */
import { broadcastShapes, type Dim } from '../dims.js';
import type { InferTable } from './types.js';

/** MatMul output shape; 1-D operands get a 1 prepended (A) / appended (B) that is dropped again. */
export function matmulShape(a: readonly Dim[], b: readonly Dim[]): Dim[] {
  if (a.length === 0 || b.length === 0) throw new RangeError('MatMul operands must have rank >= 1');
  const a2 = a.length === 1 ? [1, a[0]!] : a;
  const b2 = b.length === 1 ? [b[0]!, 1] : b;
  const ka = a2[a2.length - 1]!;
  const kb = b2[b2.length - 2]!;
  if (typeof ka === 'number' && typeof kb === 'number' && ka !== kb)
    throw new RangeError(`MatMul inner dims differ: ${ka} vs ${kb}`);
  const batch = broadcastShapes(a2.slice(0, -2), b2.slice(0, -2));
  const out: Dim[] = [...batch];
  if (a.length > 1) out.push(a2[a2.length - 2]!);
  if (b.length > 1) out.push(b2[b2.length - 1]!);
  return out;
}

export const LINALG_INFER: InferTable = {
  MatMul: {
    infer: (n, ctx) => {
      const a = ctx.info(n.inputs[0]!);
      return [{ elemType: a.elemType, shape: matmulShape(a.shape, ctx.info(n.inputs[1]!).shape) }];
    },
  },
  Gemm: {
    infer: (n, ctx) => {
      const a = ctx.info(n.inputs[0]!);
      const b = ctx.info(n.inputs[1]!).shape;
      if (a.shape.length !== 2 || b.length !== 2) throw new RangeError(`${n.describe()}: A and B must be 2-D`);
      const m = n.int('transA', 0) ? a.shape[1]! : a.shape[0]!;
      const cols = n.int('transB', 0) ? b[0]! : b[1]!;
      return [{ elemType: a.elemType, shape: [m, cols] }];
    },
  },
};
