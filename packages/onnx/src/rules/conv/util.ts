/** Shared pieces of the Conv / ConvTranspose rules: static geometry checks, border fitting, weight gradients. */
import type { Dim } from '../../dims.js';
import type { Emitter } from '../../emit/emitter.js';
import type { VjpContext } from '../types.js';

/** Spatial extents of `x` (from axis 2), which the rules need at compile time. */
export function staticSpatial(ctx: VjpContext, x: string, what: string): number[] {
  const s = ctx.info(x).shape.slice(2);
  if (!s.every((d): d is number => typeof d === 'number'))
    ctx.unsupported(`${what} has dynamic spatial dims [${s.join(', ')}]; only the batch dim may be symbolic`);
  return s as number[];
}

/** A dim that must be known at compile time (channels, kernel extents). */
export function staticDim(ctx: VjpContext, d: Dim | undefined, what: string): number {
  if (typeof d !== 'number') ctx.unsupported(`${what} is not known at compile time (${String(d)})`);
  return d as number;
}

/** What the Conv and ConvTranspose rules start from: X, W, G and the static geometry inputs. */
export interface ConvOperands {
  x: string;
  w: string;
  g: string;
  wShape: readonly Dim[];
  /** X's spatial extents. */
  spatial: number[];
  /** Kernel extents (`kernel_shape`, else W's spatial dims). */
  kernel: number[];
  group: number;
}

/** Reads a Conv-like node's operands; spatial and kernel extents must be static. */
export function convOperands(ctx: VjpContext): ConvOperands {
  const { node } = ctx;
  const op = node.opType;
  const [x, w] = node.inputs as [string, string];
  const g = ctx.grad()!;
  const spatial = staticSpatial(ctx, x, `${op} input X`);
  const wShape = ctx.info(w).shape;
  const kernel = (node.ints('kernel_shape') ?? wShape.slice(2)).map((d, i) => staticDim(ctx, d, `${op} kernel extent ${i}`));
  return { x, w, g, wShape, spatial, kernel, group: node.int('group', 1) };
}

/**
 * Fits the spatial axes of `x` (from axis 2): drops `head[i]` leading rows (adds zero rows when
 * negative) and then crops or zero-pads the end so axis i has extent `len[i]`.
 */
export function fitSpatial(e: Emitter, x: string, head: number[], len: number[]): string {
  const r = head.length;
  const shape = e.shape(x);
  const starts: number[] = [];
  const ends: number[] = [];
  const axes: number[] = [];
  const pads = new Array<number>(2 * (r + 2)).fill(0);
  for (let i = 0; i < r; i++) {
    const n = shape[i + 2] as number;
    const b = Math.max(head[i]!, 0);
    const avail = n - b;
    const keep = Math.min(avail, len[i]! + Math.min(head[i]!, 0));
    if (b > 0 || keep < avail) {
      starts.push(b);
      ends.push(b + keep);
      axes.push(i + 2);
    }
    pads[i + 2] = Math.max(-head[i]!, 0);
    pads[i + 2 + r + 2] = len[i]! - pads[i + 2]! - keep;
  }
  const cropped = axes.length ? e.slice(x, starts, ends, axes) : x;
  return e.pad(cropped, pads);
}

export interface WindowGeometry {
  strides: number[];
  dilations: number[];
  /** Zero rows before the source along each spatial axis (negative: rows dropped); the end is derived. */
  padBegin: number[];
  group: number;
  kernel: number[];
}

/**
 * Weight gradient of a grouped sliding-window product:
 *   dW[m, c, t] = sum_{n,o} cot[n, m, o] * srcPadded[n, grp(m) * Cg + c, o*s + t*d]
 * with `src` [N, g*Cg, ...] and `cot` [N, M, ...]; returns [M, Cg, ...kernel]. It is one Conv
 * whose batch is the per-group source channel, whose input channels are (group, n) and whose
 * kernel is the cotangent, with the roles of strides and dilations swapped.
 */
export function windowWeightGrad(e: Emitter, src: string, cot: string, geo: WindowGeometry): string {
  const r = geo.kernel.length;
  const srcShape = e.shape(src);
  const cotShape = e.shape(cot);
  const spatial = srcShape.slice(2) as number[];
  const outs = cotShape.slice(2) as number[];
  // Trim the end padding to exactly the rows the last tap of the last window reads, so the
  // Conv below yields exactly `kernel` taps per axis.
  const need = outs.map((o, i) => (geo.kernel[i]! - 1) * geo.dilations[i]! + (o - 1) * geo.strides[i]! + 1);
  const padEnd = need.map((l, i) => l - spatial[i]! - geo.padBegin[i]!);
  // Rows outside [0, padded extent) are dropped here; what remains is padded by the Conv itself.
  const head = geo.padBegin.map((p) => Math.max(-p, 0));
  const keep = spatial.map((n, i) => n - head[i]! - Math.max(-padEnd[i]!, 0));
  const needCrop = head.some((h) => h > 0) || keep.some((k, i) => k < spatial[i]! - head[i]!);
  const s0 = needCrop ? fitSpatial(e, src, head, keep) : src;
  const pads = [...geo.padBegin.map((p) => Math.max(p, 0)), ...padEnd.map((p) => Math.max(p, 0))];

  const c = srcShape[1] as number;
  const g = geo.group;
  const cg = c / g;
  const sp = spatial.map((_, i) => i + 3);
  let xr: string;
  if (g === 1) xr = e.transpose(s0, [1, 0, ...sp.map((a) => a - 1)]);
  else {
    // [N, g*Cg, ...] -> [Cg, g*N, ...] with channel index grp*N + n, as Conv's grouping expects.
    const sps = e.shape(s0).slice(2) as number[];
    const split = e.op1('Reshape', [s0, e.int64s([-1, g, cg, ...sps])]);
    const moved = e.transpose(split, [2, 1, 0, ...sp]);
    xr = e.op1('Reshape', [moved, e.int64s([cg, -1, ...sps])]);
  }
  const kr = e.transpose(cot, [1, 0, ...sp.map((a) => a - 1)]);
  const dw = e.op1('Conv', [xr, kr], {
    group: g, strides: geo.dilations, dilations: geo.strides, pads, kernel_shape: outs,
  });
  return e.transpose(dw, [1, 0, ...Array.from({ length: r }, (_, i) => i + 2)]);
}
