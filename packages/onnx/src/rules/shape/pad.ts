/**
 * Pad (crop by negative pads, then pad): constant -> dX = crop of G; edge/reflect/wrap -> the
 * border cotangents are added back onto the input positions they copy; then zeros where the forward cropped.
 */
import { numbers } from '../../const-value.js';
import { normAxis } from '../../dims.js';
import type { Emitter } from '../../emit/emitter.js';
import type { GradRule, VjpContext } from '../types.js';

const BIG = 2 ** 31 - 1;

/** Pads in ONNX layout [b_0..b_r-1, e_0..e_r-1] over all axes (attribute before opset 11, input after). */
function padAmounts(ctx: VjpContext, r: number): number[] {
  const { node } = ctx;
  let pads: number[] | undefined;
  if (ctx.opset < 11) pads = node.ints('pads') ?? node.ints('paddings');
  else {
    const p = node.input(1);
    pads = p ? numbers(ctx.value(p)) : undefined;
  }
  if (!pads) return ctx.unsupported('pads must be a compile-time constant');
  const axesName = ctx.opset >= 18 ? node.input(3) : undefined;
  if (axesName) {
    const axes = numbers(ctx.value(axesName));
    if (!axes) return ctx.unsupported('axes must be a compile-time constant');
    const full = new Array<number>(2 * r).fill(0);
    axes.forEach((a0, k) => {
      const a = normAxis(a0, r);
      full[a] = pads![k]!;
      full[a + r] = pads![k + axes.length]!;
    });
    pads = full;
  }
  if (pads.length !== 2 * r) return ctx.unsupported(`${pads.length} pads for a rank-${r} input`);
  return pads;
}

/** Pads `x` with zeros by (before, after) on `axis` only. */
const padAxis = (e: Emitter, x: string, axis: number, before: number, after: number): string => {
  const r = e.rank(x);
  const p = new Array<number>(2 * r).fill(0);
  p[axis] = before;
  p[axis + r] = after;
  return e.pad(x, p);
};

/**
 * Adjoint of edge/reflect/wrap padding by (b, a) >= 0 along `axis` of an input of length n: the
 * interior of G plus each border slice moved (reversed for reflect, summed for edge) onto its source.
 */
function foldAxis(ctx: VjpContext, g: string, axis: number, n: number, b: number, a: number, mode: string): string {
  const { e } = ctx;
  const parts = [e.slice(g, [b], [b + n], [axis])];
  if (mode === 'edge') {
    if (b > 0) parts.push(padAxis(e, e.reduceSum(e.slice(g, [0], [b], [axis]), [axis]), axis, 0, n - 1));
    if (a > 0) parts.push(padAxis(e, e.reduceSum(e.slice(g, [b + n], [b + n + a], [axis]), [axis]), axis, n - 1, 0));
  } else if (mode === 'reflect') {
    // Output j < b copies input b - j; output b + n + k copies input n - 2 - k.
    if (b > n - 1 || a > n - 1) ctx.unsupported(`reflect pads (${b}, ${a}) on axis ${axis} of length ${n} must be < ${n}`);
    // Reversed by a Gather of constant indices: negative-step Slice gives wrong results on
    // onnxruntime's WebGPU EP (1.30).
    const rev = (from: number, count: number) => e.op1('Gather', [g, e.int64s(Array.from({ length: count }, (_, j) => from - j))], { axis });
    if (b > 0) parts.push(padAxis(e, rev(b - 1, b), axis, 1, n - 1 - b));
    if (a > 0) parts.push(padAxis(e, rev(b + n + a - 1, a), axis, n - 1 - a, 1));
  } else {
    // wrap: output j < b copies input n - b + j; output b + n + k copies input k.
    if (b > n || a > n) ctx.unsupported(`wrap pads (${b}, ${a}) on axis ${axis} of length ${n} must be <= ${n}`);
    if (b > 0) parts.push(padAxis(e, e.slice(g, [0], [b], [axis]), axis, n - b, 0));
    if (a > 0) parts.push(padAxis(e, e.slice(g, [b + n], [b + n + a], [axis]), axis, 0, n - a));
  }
  return e.sum(parts);
}

export const padGrad: GradRule = {
  opType: 'Pad',
  // constant_value (input 2) is non-differentiable in the ONNX schema, as are pads and axes.
  differentiable: [0],
  vjp: (ctx) => {
    const { node, e } = ctx;
    const x = node.inputs[0]!;
    const shape = ctx.info(x).shape;
    const r = shape.length;
    const mode = node.str('mode', 'constant');
    const pads = padAmounts(ctx, r);
    let g = ctx.grad()!;
    // onnxruntime applies negative pads first (cropping the input), then the positive ones.
    const cropped = shape.map((d, i) => (typeof d === 'number' ? d + Math.min(pads[i]!, 0) + Math.min(pads[i + r]!, 0) : d));
    const padded = shape.map((_, i) => i).filter((i) => pads[i]! > 0 || pads[i + r]! > 0);
    if (mode === 'constant') {
      if (padded.length) {
        const starts = padded.map((i) => Math.max(pads[i]!, 0));
        const ends = padded.map((i) => {
          const n = cropped[i]!;
          const b = Math.max(pads[i]!, 0);
          if (typeof n === 'number') return b + n;
          return pads[i + r]! > 0 ? -pads[i + r]! : BIG;
        });
        g = e.slice(g, starts, ends, padded);
      }
    } else if (mode === 'edge' || mode === 'reflect' || mode === 'wrap') {
      for (const i of padded) {
        const n = cropped[i]!;
        if (typeof n !== 'number') ctx.unsupported(`${mode} padding of the dynamic axis ${i} ('${n}')`);
        if (n === 0) ctx.unsupported(`${mode} padding of an empty axis ${i}`);
        g = foldAxis(ctx, g, i, n as number, Math.max(pads[i]!, 0), Math.max(pads[i + r]!, 0), mode);
      }
    } else return ctx.unsupported(`mode '${mode}' is not supported`);
    // Zeros for the elements the forward cropped away.
    const restore = pads.map((p) => Math.max(-p, 0));
    return [e.pad(g, restore)];
  },
};
