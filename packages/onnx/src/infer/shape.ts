/** Shape inference and folding for data-movement ops (Reshape, Transpose, Slice, Concat...). */
import { numbers } from '../const-value.js';
import { type Dim, normAxis, broadcastShapes } from '../dims.js';
import { axesOf, constInput } from './axes.js';
import { unary } from './common.js';
import { sliceValue, transposeFold } from './fold.js';
import type { FoldFn, InferTable } from './types.js';
import { resampleGeometry } from '../rules/shape/interp-matrix.js';

/** Product of dims as {numeric, symbols}. */
function prod(ds: readonly Dim[]): { n: number; syms: string[] } {
  let n = 1;
  const syms: string[] = [];
  for (const d of ds) typeof d === 'number' ? (n *= d) : syms.push(d);
  return { n, syms };
}

/** A product as one dim: the number when static, else a symbolic name like `N` or `2*N`. */
function prodDim(k: number, syms: string[]): Dim {
  if (!syms.length) return k;
  return k === 1 && syms.length === 1 ? syms[0]! : [k, ...syms].join('*');
}

export function reshapeTarget(inShape: readonly Dim[], target: readonly Dim[], allowzero = 0): Dim[] {
  const out = target.map((d, i) => (d === 0 && !allowzero ? inShape[i]! : d));
  const k = out.indexOf(-1);
  if (k >= 0) {
    const total = prod(inShape);
    const rest = prod(out.filter((_, i) => i !== k));
    const syms = [...total.syms];
    for (const s of rest.syms) {
      const j = syms.indexOf(s);
      if (j < 0) return out.map((d, i) => (i === k ? `reshape_${i}` : d));
      syms.splice(j, 1);
    }
    // Keep the numeric factor: [N, 2, 3] -> [-1, 3] is [2*N, 3], not [N, 3].
    out[k] = syms.length ? prodDim(total.n / rest.n, syms) : total.n / rest.n;
  }
  return out;
}

const sliceDims = (shape: readonly Dim[], starts: number[], ends: number[], axes: number[], steps: number[]): Dim[] => {
  const out = [...shape];
  axes.forEach((a0, k) => {
    const a = normAxis(a0, shape.length);
    const n = shape[a]!;
    const st = steps[k] ?? 1;
    if (typeof n !== 'number') {
      if (starts[k] === 0 && st === 1 && ends[k]! >= 2 ** 31 - 1) return;
      out[a] = `slice_${a}`;
      return;
    }
    const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);
    let s = starts[k]!; let e = ends[k]!;
    s = s < 0 ? s + n : s; e = e < 0 ? e + n : e;
    // ONNX clamps a negative-step start to [0, n-1] (not [-1, n-1]); the end goes to [-1, n-1].
    if (st > 0) { s = clamp(s, 0, n); e = clamp(e, 0, n); } else { s = clamp(s, 0, n - 1); e = clamp(e, -1, n - 1); }
    out[a] = Math.max(0, Math.ceil((e - s) / st));
  });
  return out;
};

function sliceParams(n: import('../node.js').Node, ctx: import('./types.js').InferContext, r: number) {
  if (ctx.opset < 10) {
    const starts = n.ints('starts') ?? [];
    return { starts, ends: n.ints('ends') ?? [], axes: n.ints('axes') ?? starts.map((_, i) => i), steps: starts.map(() => 1) };
  }
  const starts = constInput(n, ctx, 1, 'starts');
  const ends = constInput(n, ctx, 2, 'ends');
  const axes = n.input(3) ? constInput(n, ctx, 3, 'axes') : starts.map((_, i) => i);
  const steps = n.input(4) ? constInput(n, ctx, 4, 'steps') : starts.map(() => 1);
  return { starts, ends, axes, steps };
}
export { sliceParams };

/** Folds an op that only re-dims its input (Reshape, Squeeze, Unsqueeze): the value under the output's static shape. */
const reshapeFold: FoldFn = (n, ctx) => {
  const v = ctx.value(n.inputs[0]!);
  const shape = ctx.tryInfo(n.outputs[0]!)?.shape;
  if (!v || !shape || shape.some((d) => typeof d !== 'number')) return undefined;
  return [{ ...v, dims: shape as number[] }];
};

export const SHAPE_INFER: InferTable = {
  Reshape: {
    infer: (n, ctx) => {
      const x = ctx.info(n.inputs[0]!);
      const target = ctx.opset < 5 ? n.ints('shape') : ctx.value(n.inputs[1]!)?.data;
      if (!target) throw new RangeError(`${n.describe()}: the target shape is not known at compile time`);
      return [{ elemType: x.elemType, shape: reshapeTarget(x.shape, target, n.int('allowzero', 0)) }];
    },
    fold: reshapeFold,
  },
  Flatten: {
    infer: (n, ctx) => {
      const x = ctx.info(n.inputs[0]!);
      const a = normAxis(n.int('axis', 1), x.shape.length);
      const p = (ds: Dim[]) => { const { n: k, syms } = prod(ds); return prodDim(k, syms); };
      return [{ elemType: x.elemType, shape: [p(x.shape.slice(0, a)), p(x.shape.slice(a))] }];
    },
  },
  Transpose: {
    fold: transposeFold,
    infer: (n, ctx) => {
      const x = ctx.info(n.inputs[0]!);
      const perm = n.ints('perm') ?? x.shape.map((_, i) => x.shape.length - 1 - i);
      return [{ elemType: x.elemType, shape: perm.map((p) => x.shape[p]!) }];
    },
  },
  Unsqueeze: {
    infer: (n, ctx) => {
      const x = ctx.info(n.inputs[0]!);
      const axes = axesOf(n, ctx, 1) ?? [];
      const r = x.shape.length + axes.length;
      const set = new Set(axes.map((a) => normAxis(a, r)));
      const out: Dim[] = [];
      let j = 0;
      for (let i = 0; i < r; i++) out.push(set.has(i) ? 1 : x.shape[j++]!);
      return [{ elemType: x.elemType, shape: out }];
    },
    fold: reshapeFold,
  },
  Squeeze: {
    infer: (n, ctx) => {
      const x = ctx.info(n.inputs[0]!);
      const axes = axesOf(n, ctx, 1);
      const set = new Set((axes ?? x.shape.flatMap((d, i) => (d === 1 ? [i] : []))).map((a) => normAxis(a, x.shape.length)));
      return [{ elemType: x.elemType, shape: x.shape.filter((_, i) => !set.has(i)) }];
    },
    fold: reshapeFold,
  },
  Concat: {
    infer: (n, ctx) => {
      const xs = n.inputs.filter((i) => i).map((i) => ctx.info(i));
      const r = xs[0]!.shape.length;
      const a = normAxis(n.int('axis', 1), r);
      const out = [...xs[0]!.shape];
      const p = xs.map((x) => x.shape[a]!);
      out[a] = p.every((d) => typeof d === 'number') ? (p as number[]).reduce((s, d) => s + d, 0) : `concat_${p.join('+')}`;
      return [{ elemType: xs[0]!.elemType, shape: out }];
    },
    fold: (n, ctx) => {
      const vs = n.inputs.filter((i) => i).map((i) => ctx.value(i));
      if (vs.some((v) => !v) || vs.some((v) => v!.dims.length !== 1)) return undefined;
      const data = vs.flatMap((v) => v!.data);
      return [{ elemType: vs[0]!.elemType, dims: [data.length], data }];
    },
  },
  Split: {
    infer: (n, ctx) => {
      const x = ctx.info(n.inputs[0]!);
      const a = normAxis(n.int('axis', 0), x.shape.length);
      const k = n.outputs.length;
      let sizes = ctx.opset >= 13 ? (n.input(1) ? constInput(n, ctx, 1, 'split') : undefined) : n.ints('split');
      const len = x.shape[a]!;
      if (!sizes) {
        if (typeof len !== 'number') throw new RangeError(`${n.describe()}: cannot split a dynamic axis evenly`);
        const c = Math.ceil(len / k);
        sizes = Array.from({ length: k }, (_, i) => Math.min(c, len - c * i));
      }
      return sizes.map((s) => ({ elemType: x.elemType, shape: x.shape.map((d, i) => (i === a ? s : d)) }));
    },
  },
  Slice: {
    infer: (n, ctx) => {
      const x = ctx.info(n.inputs[0]!);
      const { starts, ends, axes, steps } = sliceParams(n, ctx, x.shape.length);
      return [{ elemType: x.elemType, shape: sliceDims(x.shape, starts, ends, axes, steps) }];
    },
    fold: (n, ctx) => {
      const v = ctx.value(n.inputs[0]!);
      if (!v) return undefined;
      const { starts, ends, axes, steps } = sliceParams(n, ctx, v.dims.length);
      return [sliceValue(v, starts, ends, axes, steps)];
    },
  },
  // Scatters write into a copy of their data input: same shape and type.
  Scatter: unary,
  ScatterElements: unary,
  ScatterND: unary,
  Gather: {
    infer: (n, ctx) => {
      const x = ctx.info(n.inputs[0]!);
      const ind = ctx.info(n.inputs[1]!);
      const a = normAxis(n.int('axis', 0), x.shape.length);
      return [{ elemType: x.elemType, shape: [...x.shape.slice(0, a), ...ind.shape, ...x.shape.slice(a + 1)] }];
    },
    fold: (n, ctx) => {
      const v = ctx.value(n.inputs[0]!);
      const ind = numbers(ctx.value(n.inputs[1]!));
      const indV = ctx.value(n.inputs[1]!);
      if (!v || !ind || !indV || v.dims.length !== 1) return undefined;
      const len = v.dims[0]!;
      const data = ind.map((i) => v.data[i < 0 ? i + len : i]!);
      return [{ elemType: v.elemType, dims: indV.dims, data }];
    },
  },
  Expand: {
    infer: (n, ctx) => {
      const x = ctx.info(n.inputs[0]!);
      const s = ctx.value(n.inputs[1]!);
      if (!s) throw new RangeError(`${n.describe()}: the target shape is not known at compile time`);
      return [{ elemType: x.elemType, shape: broadcastShapes(x.shape, s.data) }];
    },
  },
  Tile: {
    infer: (n, ctx) => {
      const x = ctx.info(n.inputs[0]!);
      const reps = constInput(n, ctx, 1, 'repeats');
      return [{ elemType: x.elemType, shape: x.shape.map((d, i) => (typeof d === 'number' ? d * reps[i]! : prodDim(reps[i]!, [d]))) }];
    },
  },
  Pad: {
    infer: (n, ctx) => {
      const x = ctx.info(n.inputs[0]!);
      const r = x.shape.length;
      let pads = ctx.opset < 11 ? (n.ints('pads') ?? n.ints('paddings') ?? []) : constInput(n, ctx, 1, 'pads');
      const axesIn = ctx.opset >= 18 && n.input(3) ? constInput(n, ctx, 3, 'axes').map((a) => normAxis(a, r)) : undefined;
      if (axesIn) {
        const full = new Array(2 * r).fill(0);
        axesIn.forEach((a, k) => { full[a] = pads[k]; full[a + r] = pads[k + axesIn.length]; });
        pads = full;
      }
      return [{ elemType: x.elemType, shape: x.shape.map((d, i) => (typeof d === 'number' ? d + pads[i]! + pads[i + r]! : pads[i]! + pads[i + r]! === 0 ? d : `pad_${i}`)) }];
    },
  },
  DepthToSpace: {
    infer: (n, ctx) => {
      const x = ctx.info(n.inputs[0]!);
      const b = n.int('blocksize', 1);
      const [bn, c, h, w] = x.shape as [Dim, Dim, Dim, Dim];
      const mul = (d: Dim) => (typeof d === 'number' ? d * b : `${d}*${b}`);
      return [{ elemType: x.elemType, shape: [bn, typeof c === 'number' ? c / (b * b) : `${c}/${b * b}`, mul(h), mul(w)] }];
    },
  },
  SpaceToDepth: {
    infer: (n, ctx) => {
      const x = ctx.info(n.inputs[0]!);
      const b = n.int('blocksize', 1);
      const [bn, c, h, w] = x.shape as [Dim, Dim, Dim, Dim];
      const div = (d: Dim) => (typeof d === 'number' ? d / b : `${d}/${b}`);
      return [{ elemType: x.elemType, shape: [bn, typeof c === 'number' ? c * b * b : `${c}*${b * b}`, div(h), div(w)] }];
    },
  },
  Resize: { infer: (n, ctx) => [{ elemType: ctx.info(n.inputs[0]!).elemType, shape: resampleGeometry(n, ctx).outShape }] },
  Upsample: { infer: (n, ctx) => [{ elemType: ctx.info(n.inputs[0]!).elemType, shape: resampleGeometry(n, ctx).outShape }] },
};
