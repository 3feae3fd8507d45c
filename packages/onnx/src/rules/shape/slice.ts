/**
 * Slice: dX scatters G back into zeros. Per sliced axis: flip (negative steps), zero-interleave
 * (|step| > 1) with Unsqueeze/Pad/Reshape, then one zero Pad places the block at its offset.
 */
import { numbers } from '../../const-value.js';
import { type Dim, normAxis } from '../../dims.js';
import type { Emitter } from '../../emit/emitter.js';
import type { GradRule, VjpContext } from '../types.js';
import { zerosLike } from './util.js';

interface SliceParams { starts: number[]; ends: number[]; axes: number[]; steps: number[] }

function params(ctx: VjpContext): SliceParams {
  const n = ctx.node;
  if (ctx.opset < 10) {
    const starts = n.ints('starts') ?? [];
    return { starts, ends: n.ints('ends') ?? [], axes: n.ints('axes') ?? starts.map((_, i) => i), steps: starts.map(() => 1) };
  }
  const read = (k: number, what: string): number[] | undefined => {
    const name = n.input(k);
    if (!name) return undefined;
    const v = numbers(ctx.value(name));
    if (!v) ctx.unsupported(`the ${what} input is not a compile-time constant`);
    return v;
  };
  const starts = read(1, 'starts')!;
  const ends = read(2, 'ends')!;
  return { starts, ends, axes: read(3, 'axes') ?? starts.map((_, i) => i), steps: read(4, 'steps') ?? starts.map(() => 1) };
}

/** ONNX clamping: start in [0, n] ([0, n-1] for negative steps), end in [0, n] ([-1, n-1]). */
export function clampSlice(start: number, end: number, step: number, n: number): { s: number; e: number; m: number } {
  const c = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);
  let s = start < 0 ? start + n : start;
  let e = end < 0 ? end + n : end;
  if (step > 0) { s = c(s, 0, n); e = c(e, 0, n); } else { s = c(s, 0, n - 1); e = c(e, -1, n - 1); }
  return { s, e, m: Math.max(0, Math.ceil((e - s) / step)) };
}

/** Spreads m entries along `axis` to every `step`-th position: length (m-1)*step + 1. */
function interleave(e: Emitter, g: string, axis: number, m: number, step: number): string {
  const gs = e.shape(g);
  const r = gs.length + 1;
  const u = e.unsqueeze(g, [axis + 1]);
  const pads = new Array<number>(2 * r).fill(0);
  pads[r + axis + 1] = step - 1;
  const dims: Dim[] = gs.map((d, i) => (i === axis ? m * step : d));
  const flat = e.reshape(e.pad(u, pads), dims, g);
  return e.slice(flat, [0], [(m - 1) * step + 1], [axis]);
}

export const sliceGrad: GradRule = {
  opType: 'Slice',
  differentiable: [0],
  vjp: (ctx) => {
    const { node, e, grad, info, unsupported } = ctx;
    const x = node.inputs[0]!;
    const xs = info(x).shape;
    const r = xs.length;
    const p = params(ctx);
    let g = grad()!;
    const pads = new Array<number>(2 * r).fill(0);
    for (let k = 0; k < p.axes.length; k++) {
      const a = normAxis(p.axes[k]!, r);
      const st = p.steps[k] ?? 1;
      const n = xs[a]!;
      if (st === 0) unsupported(`steps[${k}] is 0`);
      if (typeof n !== 'number') {
        // A whole dynamic axis (start 0, step 1, end past any extent) is untouched.
        if (p.starts[k] === 0 && st === 1 && p.ends[k]! >= 2 ** 31 - 1) continue;
        return unsupported(`slicing the dynamic axis ${a} (extent '${n}') needs its extent at compile time`);
      }
      const { s, m } = clampSlice(p.starts[k]!, p.ends[k]!, st, n);
      if (m === 0) return [zerosLike(e, x)];
      let lo = s;
      if (st < 0) {
        // The slice read s, s+st, ...: flipped, it is an ascending run from its last element.
        // (a Gather of constant indices: negative-step Slice is wrong on onnxruntime's WebGPU EP).
        g = e.op1('Gather', [g, e.int64s(Array.from({ length: m }, (_, j) => m - 1 - j))], { axis: a });
        lo = s + (m - 1) * st;
      }
      const step = Math.abs(st);
      if (step > 1 && m > 1) g = interleave(e, g, a, m, step);
      const len = (m - 1) * step + 1;
      pads[a] = lo;
      pads[a + r] = n - lo - len;
    }
    return [e.pad(g, pads)];
  },
};
