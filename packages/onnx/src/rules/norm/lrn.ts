/**
 * LRN, D = bias + alpha/size * W(X^2) with W the channel-window sum, Y = X D^-beta:
 * dX = G D^-beta - (2 alpha beta / size) X W^T(G Y / D), W^T being the window mirrored.
 */
import type { Emitter } from '../../emit/emitter.js';
import type { GradRule } from '../types.js';
import { BROADCAST_OPSET } from './util.js';

export const lrnGrad: GradRule = {
  opType: 'LRN',
  differentiable: [0],
  sinceOpset: BROADCAST_OPSET,
  vjp: (ctx) => {
    const { node, e, grad } = ctx;
    const x = node.inputs[0]!;
    const y = node.outputs[0]!;
    const g = grad()!;
    const size = node.int('size', 0);
    if (size < 1) ctx.unsupported(`attribute size must be a positive integer, got ${node.int('size') ?? 'none'}`);
    if (e.rank(x) < 3) ctx.unsupported(`input rank ${e.rank(x)} < 3 (LRN needs N x C x D1...)`);
    const alpha = node.float('alpha', 1e-4);
    const beta = node.float('beta', 0.75);
    const bias = node.float('bias', 1);
    // The forward window of channel c covers [c - lo, c + hi].
    const lo = Math.floor((size - 1) / 2);
    const hi = size - 1 - lo;
    const d = e.add(e.scalarLike(bias, x), e.scale(windowSum(e, e.mul(x, x), size, lo, hi), alpha / size));
    const direct = e.mul(g, e.op1('Pow', [d, e.scalarLike(-beta, x)]));
    const back = e.mul(x, windowSum(e, e.div(e.mul(g, y), d), size, hi, lo));
    return [e.sub(direct, e.scale(back, (2 * alpha * beta) / size))];
  },
};

/**
 * Sum over channels c - before .. c + after (zero outside): pad axis 1 and add `size` shifted
 * slices. Slice ends are negative so a dynamic channel count works too.
 */
function windowSum(e: Emitter, t: string, size: number, before: number, after: number): string {
  if (size === 1) return t;
  const r = e.rank(t);
  const pads = new Array(2 * r).fill(0);
  pads[1] = before;
  pads[1 + r] = after;
  const p = e.pad(t, pads);
  const parts = Array.from({ length: size }, (_, i) => {
    const end = i - (size - 1);
    return e.slice(p, [i], [end === 0 ? 2 ** 31 - 1 : end], [1]);
  });
  return e.sum(parts);
}
