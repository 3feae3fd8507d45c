/**
 * Geometry shared by the pooling rules, and the "fold" that scatters per-window cotangents back
 * onto the input: a ConvTranspose over the padded input, with every channel as a batch row,
 * followed by a crop.
 */
import type { Emitter } from '../../emit/emitter.js';
import { outExtents, resolveSpatial } from '../../infer/spatial.js';
import { DT } from '../../proto.js';
import { polyphaseApplies, transposedConvPolyphase } from '../conv/polyphase.js';
import type { GradRule, VjpContext } from '../types.js';

export interface PoolGeom {
  x: string;
  /** Input spatial extents L. */
  spatial: number[];
  kernel: number[];
  strides: number[];
  dilations: number[];
  /** Forward pads, ONNX layout (begins, then ends). */
  pads: number[];
  /** Output spatial extents O. */
  out: number[];
  /** Padded extent the windows cover: (O-1)s + (k-1)d + 1 (what an unpadded ConvTranspose yields). */
  span: number[];
}

/**
 * 2-D windows that tile the input without overlap or gaps (square kernel = strides, no dilation):
 * SpaceToDepth / DepthToSpace with C = 1 move the taps to and from channels (tap = channel).
 */
export const tilesExactly = (g: PoolGeom): boolean =>
  g.spatial.length === 2 && g.kernel[0] === g.kernel[1] && g.kernel.every((k, i) => k === g.strides[i] && g.dilations[i] === 1);

/** Number of kernel taps. */
export const taps = (g: PoolGeom): number => g.kernel.reduce((a, b) => a * b, 1);

/** Static spatial extents of the pooled input [N, C, spatial...], or a rejection naming the op. */
export function staticSpatial(ctx: VjpContext): number[] {
  const s = ctx.info(ctx.node.inputs[0]!).shape;
  if (s.length < 3) ctx.unsupported(`input rank ${s.length} (pooling needs [N, C, spatial...])`);
  const sp = s.slice(2);
  if (!sp.every((d): d is number => typeof d === 'number'))
    ctx.unsupported(`spatial dims [${sp.join(', ')}] must be static (only batch and channel dims may be symbolic)`);
  return sp as number[];
}

/** Resolves a windowed pool's geometry; spatial dims must be static (N and C may be symbolic). */
export function poolGeometry(ctx: VjpContext): PoolGeom {
  const { node: n } = ctx;
  const x = n.inputs[0]!;
  const spatial = staticSpatial(ctx);
  const kernel = n.ints('kernel_shape');
  if (!kernel || kernel.length !== spatial.length) ctx.unsupported('kernel_shape is missing or does not match the spatial rank');
  let geo;
  try {
    geo = resolveSpatial(n, spatial, kernel!);
  } catch (err) {
    ctx.unsupported(`auto_pad: ${(err as Error).message}`);
  }
  const out = outExtents(spatial, geo!);
  const r = spatial.length;
  const span = out.map((o, i) => (o - 1) * geo!.strides[i]! + (kernel![i]! - 1) * geo!.dilations[i]! + 1);
  for (let i = 0; i < r; i++) {
    if (out[i]! < 1) ctx.unsupported(`empty output along spatial axis ${i}`);
    if (geo!.pads[i]! >= span[i]!) ctx.unsupported(`pads begin ${geo!.pads[i]} leaves axis ${i} outside every window`);
  }
  return { x, spatial, kernel: kernel!, strides: geo!.strides, dilations: geo!.dilations, pads: geo!.pads, out, span };
}

/**
 * The rule of a windowed pool (AveragePool, MaxPool): no cotangent when X needs none, else
 * `dx(ctx, G, geometry)`.
 */
export function windowPoolRule(opType: string, dx: (ctx: VjpContext, g: string, geo: PoolGeom) => string): GradRule {
  return {
    opType,
    differentiable: [0],
    vjp: (ctx) => {
      const g = ctx.grad(0);
      if (!g || !ctx.needs(0)) return [undefined];
      return [dx(ctx, g, poolGeometry(ctx))];
    },
  };
}

/**
 * xt == y for a tap xt of a window whose maximum is y. Since xt <= y always holds, Not(Less)
 * is exact too and avoids the 3-op float Equal emulation before opset 11.
 */
export const isMax = (e: Emitter, xt: string, y: string): string =>
  e.opset >= 11 ? e.equal(xt, y) : e.not(e.less(xt, y));

/** The most negative finite value of a float element type (the MaxPool padding value). */
export const lowest = (elemType: number): number => (elemType === DT.FLOAT16 ? -65504 : -3.4e38);

/** [N, C, S...] -> [N*C, 1, S...] (static S): windows of every channel become a batch. */
export const toChannelBatch = (e: Emitter, t: string): string => {
  const s = e.shape(t);
  return e.reshape(t, [-1, 1, ...(s.slice(2) as number[])]);
};

/** Kernels of the fold: one-hot per tap (taps as channels) or all ones (one channel). */
export type FoldKernel = 'onehot' | 'ones';

function kernelWeight(e: Emitter, kernel: number[], mode: FoldKernel, elemType: number): string {
  const K = kernel.reduce((a, b) => a * b, 1);
  if (mode === 'ones') return e.constant(new Array<number>(K).fill(1), [1, 1, ...kernel], elemType);
  const w = new Array<number>(K * K).fill(0);
  for (let t = 0; t < K; t++) w[t * K + t] = 1;
  return e.constant(w, [K, 1, ...kernel], elemType);
}

/**
 * Transposed convolution of z [B, P, O...] (P = taps for 'onehot', 1 for 'ones') with the
 * forward's strides and dilations and no pads: [B, 1, span...]. group stays 1: onnxruntime's
 * WebGPU ConvTranspose is wrong for group > 1 with an even number of channels per group, and
 * only 1-D/2-D there, so 3-D folds as a 2-D fold over (H, W) followed by a 1-D fold over D.
 */
function convTransposeFold(e: Emitter, z: string, g: PoolGeom, mode: FoldKernel, elemType: number): string {
  if (mode === 'onehot' && tilesExactly(g) && elemType === DT.FLOAT) return e.op1('DepthToSpace', [z], { blocksize: g.strides[0]! });
  const K = taps(g);
  const ones = mode === 'ones';
  const data = new Float64Array(ones ? K : K * K);
  for (let t = 0; t < K; t++) data[ones ? t : t * K + t] = 1;
  const w = { elemType, dims: [ones ? 1 : K, 1, ...g.kernel], data };
  // The fold is the input gradient of a Conv with these kernels: one Conv, no ConvTranspose.
  if (polyphaseApplies(g.dilations, w)) return transposedConvPolyphase(e, z, w, g.strides, g.spatial.map(() => 0), 1, g.span);
  const ct = (t: string, axes: number[]) => e.op1('ConvTranspose', [t, kernelWeight(e, axes.map((i) => g.kernel[i]!), mode, elemType)], {
    kernel_shape: axes.map((i) => g.kernel[i]!), strides: axes.map((i) => g.strides[i]!), dilations: axes.map((i) => g.dilations[i]!),
  });
  if (g.spatial.length !== 3) return ct(z, g.spatial.map((_, i) => i));
  const f = (i: number) => (mode === 'onehot' ? g.kernel[i]! : 1);
  const [od, oh, ow] = g.out as [number, number, number];
  const [pd, ph, pw] = g.span as [number, number, number];
  // [B, fd*fhw, Od, Oh, Ow] -> [B*fd*Od, fhw, Oh, Ow] -> fold (H, W) -> [B*fd*Od, 1, Ph, Pw]
  const z1 = e.transpose(e.reshape(z, [-1, f(0), f(1) * f(2), od, oh, ow]), [0, 1, 3, 2, 4, 5]);
  const hw = ct(e.reshape(z1, [-1, f(1) * f(2), oh, ow]), [1, 2]);
  // -> [B, Ph*Pw, fd, Od] -> [B*Ph*Pw, fd, Od] -> fold D -> [B*Ph*Pw, 1, Pd] -> [B, 1, Pd, Ph, Pw]
  const a = e.transpose(e.reshape(hw, [-1, f(0), od, ph * pw]), [0, 3, 1, 2]);
  const d = ct(e.reshape(a, [-1, f(0), od]), [0]);
  const b = e.transpose(e.reshape(d, [-1, ph * pw, pd]), [0, 2, 1]);
  return e.reshape(b, [-1, 1, pd, ph, pw]);
}

/**
 * Folds per-window values z [N*C, P, O...] back onto the input: a transposed convolution gives
 * the padded extent `span`, then the begin pads are cropped, the rows no window reached are
 * zero-padded back, and the result is reshaped to the input's [N, C, L...].
 */
export function foldToInput(e: Emitter, z: string, g: PoolGeom, mode: FoldKernel): string {
  const r = g.spatial.length;
  const full = convTransposeFold(e, z, g, mode, e.elemType(g.x));
  const axes = g.spatial.map((_, i) => i + 2);
  const starts = g.pads.slice(0, r);
  const ends = g.spatial.map((len, i) => Math.min(g.span[i]!, starts[i]! + len));
  const cropped = starts.every((s, i) => s === 0 && ends[i] === g.span[i])
    ? full
    : e.slice(full, starts, ends, axes);
  const tail = g.spatial.map((len, i) => len - (ends[i]! - starts[i]!));
  return e.reshapeLike(e.pad(cropped, [0, 0, ...tail.map(() => 0), 0, 0, ...tail]), g.x);
}

/** Row-major outer product of per-axis factors: the value for output position (o_0, o_1, ...). */
export function outerProduct(perAxis: number[][]): number[] {
  let acc = [1];
  for (const f of perAxis) acc = acc.flatMap((a) => f.map((v) => a * v));
  return acc;
}

/** A constant broadcast as [1, 1, O...] against the pool output, or a scalar when uniform. */
export function outputMap(e: Emitter, like: string, g: PoolGeom, vals: number[]): string {
  const first = vals[0]!;
  if (vals.every((v) => v === first)) return e.scalarLike(first, like);
  return e.constant(vals, [1, 1, ...g.out], e.elemType(like));
}

/**
 * Taps j of each window along axis i whose input position o*s - pb + j*d lies in [lo, hi):
 * per output index o, the count.
 */
export function tapsInRange(g: PoolGeom, i: number, lo: number, hi: number): number[] {
  return Array.from({ length: g.out[i]! }, (_, o) => {
    let c = 0;
    for (let j = 0; j < g.kernel[i]!; j++) {
      const p = o * g.strides[i]! - g.pads[i]! + j * g.dilations[i]!;
      if (p >= lo && p < hi) c++;
    }
    return c;
  });
}
