/** Resize: Y = R_0 ... R_k X per resized axis (R out x in, constant), so dX = R_k^T ... R_0^T G via MatMul. */
import { DT } from '../../proto.js';
import type { Emitter } from '../../emit/emitter.js';
import type { GradRule, VjpContext } from '../types.js';
import { COORD_MODES, NEAREST_MODES, resampleAttrs, resampleMatrices } from './interp-matrix.js';

/** Applies R^T along `axis` of `g`: R is row-major [outLen x inLen], g has outLen on `axis`. */
function applyAdjoint(e: Emitter, g: string, axis: number, m: Float64Array, outLen: number, inLen: number, elemType: number): string {
  const r = e.rank(g);
  if (axis === r - 1) return e.op1('MatMul', [g, e.constant(m, [outLen, inLen], elemType)]);
  const mt = new Float64Array(inLen * outLen);
  for (let i = 0; i < outLen; i++) for (let j = 0; j < inLen; j++) mt[j * outLen + i] = m[i * inLen + j]!;
  if (axis === r - 2) return e.op1('MatMul', [e.constant(mt, [inLen, outLen], elemType), g]);
  // Other axes: swap the axis with the last one, contract there, swap back.
  const perm = Array.from({ length: r }, (_, i) => (i === axis ? r - 1 : i === r - 1 ? axis : i));
  const t = e.op1('MatMul', [e.transpose(g, perm), e.constant(m, [outLen, inLen], elemType)]);
  return e.transpose(t, perm);
}

/** Shared by Resize and Upsample: checks the configuration, then contracts G with each axis matrix. */
export function resampleVjp(ctx: VjpContext): (string | undefined)[] {
  const { node, e } = ctx;
  const x = node.inputs[0]!;
  const a = resampleAttrs(node, ctx.opset);
  if (a.antialias) ctx.unsupported('antialias=1 is not supported');
  if (!['nearest', 'linear', 'cubic'].includes(a.mode)) ctx.unsupported(`mode '${a.mode}' is not supported`);
  if (!(COORD_MODES as readonly string[]).includes(a.coord))
    ctx.unsupported(`coordinate_transformation_mode '${a.coord}' is not supported`);
  if (!(NEAREST_MODES as readonly string[]).includes(a.nearest)) ctx.unsupported(`nearest_mode '${a.nearest}' is not supported`);
  const elemType = ctx.info(x).elemType;
  if (elemType !== DT.FLOAT && elemType !== DT.DOUBLE && elemType !== DT.FLOAT16)
    ctx.unsupported(`element type ${elemType} is not supported`);
  let res: ReturnType<typeof resampleMatrices>;
  try {
    res = resampleMatrices(node, ctx);
  } catch (err) {
    // The geometry names the node already (it also serves shape inference); the error adds it again.
    return ctx.unsupported((err as Error).message.replace(`${node.describe()}: `, ''));
  }
  const xs = ctx.info(x).shape;
  let g = ctx.grad()!;
  // Last axis first: it needs no transpose, and the contraction shrinks G early when downsampling.
  for (let axis = xs.length - 1; axis >= 0; axis--) {
    const m = res.matrices[axis];
    if (!m) continue;
    g = applyAdjoint(e, g, axis, m, res.geometry.outShape[axis] as number, xs[axis] as number, elemType);
  }
  return [g];
}

export const resizeGrad: GradRule = {
  opType: 'Resize',
  sinceOpset: 10,
  // roi, scales and sizes are non-differentiable.
  differentiable: [0],
  vjp: resampleVjp,
};
