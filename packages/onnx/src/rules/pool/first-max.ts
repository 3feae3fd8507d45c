/**
 * The first-maximum mask of every pooling window, in a fixed number of nodes whatever the kernel
 * size: one Conv with one-hot kernels extracts all K taps of every window at once (x*1 + 0*y is
 * exact in float32, so the taps compare equal to the forward's maxima), and ArgMax (first
 * occurrence) along the tap axis picks the first maximum (row-major tap order, as the forward
 * scans), which alone takes the cotangent.
 */
import type { Emitter } from '../../emit/emitter.js';
import { DT } from '../../proto.js';
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
  // The first maximum in tap order is ArgMax's first occurrence along the tap axis; `hit` keeps a
  // window whose taps never equal the forward's maximum (NaN) out of the gradient.
  const am = e.op1('ArgMax', [tapsAll], { axis: 1, keepdims: 1 });
  const iota = e.constant(Array.from({ length: K }, (_, t) => t), [1, K, ...g.out.map(() => 1)], DT.INT64);
  const first = e.and(hit, e.op1('Equal', [am, iota]));
  return e.mask(first, gu);
}
