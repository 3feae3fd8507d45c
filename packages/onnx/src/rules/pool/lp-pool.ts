/**
 * LpPool / GlobalLpPool, y = (sum_w |x|^p)^(1/p): dX = sign(x) |x|^(p-1) * fold(G y^(1-p));
 * p = 1: sign(x) fold(G); p = 2: x fold(G / y).
 */
import { findAttr, toNum } from '../../proto.js';
import type { GradRule, VjpContext } from '../types.js';
import { foldToInput, poolGeometry, toChannelBatch } from './util.js';

/** p is a float attribute in LpPool-1 / GlobalLpPool-1 and an int from version 2. */
function norm(ctx: VjpContext): number {
  const a = findAttr(ctx.node.proto, 'p');
  const p = !a ? 2 : a.f !== undefined && a.f !== null && a.f !== 0 ? a.f : toNum(a.i);
  if (!(p >= 1) || !Number.isFinite(p)) ctx.unsupported(`p=${p} (the gradient needs p >= 1)`);
  return p;
}

const lpLike = (opType: 'LpPool' | 'GlobalLpPool'): GradRule => ({
  opType,
  differentiable: [0],
  vjp: (ctx) => {
    const g = ctx.grad(0)!;
    const { e, node } = ctx;
    const x = node.inputs[0]!;
    const y = node.outputs[0]!;
    const p = norm(ctx);
    let fold: (t: string) => string;
    if (opType === 'LpPool') {
      const geo = poolGeometry(ctx);
      fold = (t) => foldToInput(e, toChannelBatch(e, t), geo, 'ones');
    } else {
      // One window covering everything: folding is a broadcast, which Mul does below.
      if (ctx.info(x).shape.length < 3) ctx.unsupported('GlobalLpPool needs [N, C, spatial...]');
      fold = (t) => t;
    }
    if (p === 1) return [e.mul(e.op1('Sign', [x]), fold(g))];
    // y = 0 only when every x of the window is 0, where the x factor zeroes the result anyway.
    const one = e.scalarLike(1, y);
    const safeY = e.where(e.greater(y, e.scalarLike(0, y)), y, one);
    if (p === 2) return [e.mul(x, fold(e.div(g, safeY)))];
    const xf = e.mul(e.op1('Sign', [x]), e.op1('Pow', [e.op1('Abs', [x]), e.scalarLike(p - 1, x)]));
    return [e.mul(xf, fold(e.mul(g, e.op1('Pow', [safeY, e.scalarLike(1 - p, y)]))))];
  },
});

export const lpPoolGrad = lpLike('LpPool');
export const globalLpPoolGrad = lpLike('GlobalLpPool');
