/**
 * 2-D MaxPool gradient with every (n, c) plane stacked along H into one tall image, so the two
 * convolutions below run as single-image Convs (onnxruntime's CPU Conv handles a batch of N*C
 * one-channel images one image at a time, far slower). Each plane is padded to a whole number of
 * strides so no window straddles two planes; the fold pads each plane with J-1 zero rows so no
 * transposed window reaches into the next one.
 *
 *   taps  = Conv(tall x, one-hot kernels)            [K, N*C, O_h, O_w]  (all K window taps)
 *   first = taps == Y and ArgMax over taps == tap     (first maximum, row-major tap order)
 *   dX    = transposed Conv of Where(first, G, 0) with the one-hot kernels (polyphase, one Conv)
 */
import type { Emitter } from '../../emit/emitter.js';
import { DT } from '../../proto.js';
import { polyphaseKernel } from '../conv/polyphase.js';
import { fitSpatial } from '../conv/util.js';
import { isMax, lowest, type PoolGeom, taps } from './util.js';

/**
 * Whether the tall form applies: 2-D, float32, no dilation, and a static batch and channel count
 * (the tall image's height is N*C planes: a symbolic one would leave the Convs below with a
 * dynamic spatial dim, which a second-order compile cannot differentiate).
 */
export const tallApplies = (e: Emitter, g: PoolGeom): boolean => {
  const [n, c] = e.shape(g.x);
  return g.spatial.length === 2 && e.elemType(g.x) === DT.FLOAT && g.dilations.every((d) => d === 1)
    && typeof n === 'number' && typeof c === 'number';
};

export function maxPoolGradTall(e: Emitter, x: string, y: string, gy: string, g: PoolGeom): string {
  const [kh, kw] = g.kernel as [number, number];
  const [sh, sw] = g.strides as [number, number];
  const [oh, ow] = g.out as [number, number];
  const [h, w] = g.spatial as [number, number];
  const K = taps(g);
  const [n, c] = e.shape(x) as [number, number];
  const b = n * c;
  // Pad every plane: begin pads, then the end up to the windows' reach rounded to whole strides.
  const hp = Math.ceil(Math.max(g.span[0]!, g.pads[0]! + h) / sh) * sh;
  const wp = Math.max(g.span[1]!, g.pads[1]! + w);
  const xp = e.pad(x, [0, 0, g.pads[0]!, g.pads[1]!, 0, 0, hp - g.pads[0]! - h, wp - g.pads[1]! - w], 'constant', lowest(DT.FLOAT));
  const tall = e.op1('Reshape', [xp, e.int64s([1, 1, b * hp, wp])]);
  const onehot = new Float64Array(K * K);
  for (let t = 0; t < K; t++) onehot[t * K + t] = 1;
  // End padding kh - sh rows makes the output exactly hp/sh rows per plane.
  const t0 = e.op1('Conv', [tall, e.constant(onehot, [K, 1, kh, kw], DT.FLOAT)], {
    kernel_shape: [kh, kw], strides: [sh, sw], pads: [0, 0, Math.max(kh - sh, 0), 0],
  });
  const owAll = Math.floor((wp - kw) / sw) + 1;
  const planes = e.op1('Reshape', [t0, e.int64s([K, b, hp / sh, owAll])]);
  const tapsAll = e.slice(planes, [0, 0], [oh, ow], [2, 3]);
  const y4 = e.op1('Reshape', [y, e.int64s([1, b, oh, ow])]);
  const g4 = e.op1('Reshape', [gy, e.int64s([1, b, oh, ow])]);
  const hit = isMax(e, tapsAll, y4);
  const am = e.op1('ArgMax', [tapsAll], { axis: 0, keepdims: 1 });
  const iota = e.constant(Array.from({ length: K }, (_, t) => t), [K, 1, 1, 1], DT.INT64);
  const z = e.mask(e.and(hit, e.op1('Equal', [am, iota])), g4);

  // Fold: the transposed convolution with the one-hot kernels, per plane.
  const { values, dims } = polyphaseKernel({ elemType: DT.FLOAT, dims: [K, 1, kh, kw], data: onehot }, [sh, sw], 1);
  const [p, , jh, jw] = dims as [number, number, number, number];
  const ah = oh + jh - 1;
  const aw = ow + jw - 1;
  const zp = e.pad(z, [0, 0, 0, 0, 0, 0, jh - 1, 0]);
  const zt = e.op1('Reshape', [zp, e.int64s([1, K, b * (oh + jh - 1), ow])]);
  const f0 = e.op1('Conv', [zt, e.constant(values, dims, DT.FLOAT)], {
    kernel_shape: [jh, jw], strides: [1, 1], pads: [jh - 1, jw - 1, 0, jw - 1],
  });
  let full: string;
  const ph = Math.min(kh, sh);
  const pw = Math.min(kw, sw);
  if (p === 1 && sh === 1 && sw === 1) full = e.op1('Reshape', [f0, e.int64s([b, 1, ah, aw])]);
  else {
    // [1, ph*pw, B*ah, aw] -> [ph, pw, B, ah, aw] -> [B, ah, ph, aw, pw] -> zero phases -> [B, 1, ah*sh, aw*sw]
    const split = e.op1('Reshape', [f0, e.int64s([ph, pw, b, ah, aw])]);
    const moved = e.pad(e.transpose(split, [2, 3, 0, 4, 1]), [0, 0, 0, 0, 0, 0, 0, sh - ph, 0, sw - pw]);
    full = e.op1('Reshape', [moved, e.int64s([b, 1, ah * sh, aw * sw])]);
  }
  // Row q of `full` is padded row q: the input starts at the begin pads.
  return e.reshapeLike(fitSpatial(e, full, [g.pads[0]!, g.pads[1]!], [h, w]), x);
}
