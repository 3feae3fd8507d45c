/**
 * The first-maximum mask of every pooling window, in a fixed number of nodes whatever the kernel
 * size: one Conv with one-hot kernels extracts all K taps of every window at once (x*1 + 0*y is
 * exact in float32, so the taps compare equal to the forward's maxima; windows that tile the
 * input take SpaceToDepth instead), and a strictly lower triangular MatMul counts the earlier
 * hits of each window so only the first maximum (row-major tap order, as the forward scans)
 * takes the cotangent.
 */
import type { Emitter } from '../../emit/emitter.js';
import type { PoolGeom } from './util.js';
import { isMax, taps, tilesExactly } from './util.js';

/**
 * xu [B, 1, padded...], yu and gu [B, 1, O...] -> [B, K, O...] holding G at the first-max tap of
 * each window and 0 elsewhere.
 */
export function firstMaxByConv(e: Emitter, xu: string, yu: string, gu: string, g: PoolGeom): string {
  const K = taps(g);
  const r = g.spatial.length;
  const et = e.elemType(xu);
  const onehot = new Array<number>(K * K).fill(0);
  for (let t = 0; t < K; t++) onehot[t * K + t] = 1;
  let tapsAll = tilesExactly(g)
    // Windows that tile the input: SpaceToDepth's channel b_h*s + b_w is tap (b_h, b_w).
    ? e.op1('SpaceToDepth', [e.slice(xu, [0, 0], g.out.map((o, i) => o * g.strides[i]!), [2, 3])], { blocksize: g.strides[0]! })
    : e.op1('Conv', [xu, e.constant(onehot, [K, 1, ...g.kernel], et)], {
      kernel_shape: g.kernel, strides: g.strides, dilations: g.dilations, pads: new Array<number>(2 * r).fill(0),
    });
  // The padded input may hold more whole windows than the forward produced (ceil_mode overhang is
  // padded with the lowest value): keep exactly O per axis.
  const got = (e.shape(tapsAll).slice(2) as number[]);
  if (got.some((o, i) => o !== g.out[i]))
    tapsAll = e.slice(tapsAll, g.out.map(() => 0), g.out, g.out.map((_, i) => i + 2));
  const hit = isMax(e, tapsAll, yu);
  // earlier[k] = number of hits at taps j < k of the same window (a strictly lower triangular
  // MatMul); ArgMax along the tap axis was measured slower on onnxruntime's CPU EP.
  const P = g.out.reduce((a, b) => a * b, 1);
  const lower = new Array<number>(K * K).fill(0);
  for (let k = 0; k < K; k++) for (let j = 0; j < k; j++) lower[k * K + j] = 1;
  const hitF = e.reshape(e.op1('Cast', [hit], { to: et }), [-1, K, P]);
  const earlier = e.reshape(e.op1('MatMul', [e.constant(lower, [K, K], et), hitF]), [-1, K, ...g.out]);
  const first = e.and(hit, e.less(earlier, e.scalarLike(0.5, earlier)));
  return e.mask(first, gu);
}
