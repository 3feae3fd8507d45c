/**
 * Constant folding of small n-d tensors, enough to resolve the shape and padding arithmetic that
 * exporters emit unfolded (PyTorch with do_constant_folding=False: Shape -> Gather -> Mul/Sub ->
 * ConstantOfShape -> Concat -> Reshape -> Slice(step -1) -> Transpose -> Cast -> Pad).
 */
import { type ConstValue, MAX_FOLD_ELEMENTS, numbers } from '../const-value.js';
import { broadcastShapes, type Dim, normAxis, numel } from '../dims.js';
import { DT, isFloatType, tensorValues } from '../proto.js';
import type { FoldFn } from './types.js';

const strides = (dims: readonly number[]): number[] => {
  const s = new Array<number>(dims.length).fill(1);
  for (let i = dims.length - 2; i >= 0; i--) s[i] = s[i + 1]! * dims[i + 1]!;
  return s;
};

/** Elementwise binary op with numpy broadcasting; integer Div truncates like ONNX. */
export const binaryFold = (f: (a: number, b: number) => number): FoldFn => (n, ctx) => {
  const a = ctx.value(n.inputs[0]!);
  const b = ctx.value(n.inputs[1]!);
  const av = numbers(a);
  const bv = numbers(b);
  if (!a || !b || !av || !bv) return undefined;
  const dims = broadcastShapes(a.dims, b.dims) as number[];
  if (numel(dims) > MAX_FOLD_ELEMENTS) return undefined;
  const isInt = !isFloatType(a.elemType);
  const sa = strides(a.dims); const sb = strides(b.dims); const so = strides(dims);
  const data = Array.from({ length: numel(dims) }, (_, flat) => {
    let ia = 0; let ib = 0;
    dims.forEach((_, ax) => {
      const k = Math.floor(flat / so[ax]!) % dims[ax]!;
      const axA = ax - (dims.length - a.dims.length);
      const axB = ax - (dims.length - b.dims.length);
      if (axA >= 0 && a.dims[axA] !== 1) ia += k * sa[axA]!;
      if (axB >= 0 && b.dims[axB] !== 1) ib += k * sb[axB]!;
    });
    const v = f(av[ia]!, bv[ib]!);
    return isInt ? Math.trunc(v) : v;
  });
  return [{ elemType: a.elemType, dims, data }];
};

export const unaryFold = (f: (a: number) => number): FoldFn => (n, ctx) => {
  const a = ctx.value(n.inputs[0]!);
  const av = numbers(a);
  return a && av ? [{ ...a, data: av.map(f) }] : undefined;
};

export const castFold: FoldFn = (n, ctx) => {
  const a = ctx.value(n.inputs[0]!);
  if (!a) return undefined;
  const to = n.int('to', DT.FLOAT);
  const conv = (v: Dim): Dim => (typeof v === 'string' ? v : isFloatType(to) ? v : to === DT.BOOL ? (v !== 0 ? 1 : 0) : Math.trunc(v));
  if (!isFloatType(to) || a.data.every((d) => typeof d === 'number')) return [{ elemType: to, dims: a.dims, data: a.data.map(conv) }];
  return undefined;
};

export const constantOfShapeFold: FoldFn = (n, ctx) => {
  const s = numbers(ctx.value(n.inputs[0]!));
  if (!s || numel(s) > MAX_FOLD_ELEMENTS) return undefined;
  const t = n.tensor('value');
  const v = t ? (tensorValues(t)[0] ?? 0) : 0;
  return [{ elemType: t?.dataType ?? DT.FLOAT, dims: s, data: new Array(numel(s)).fill(v) }];
};

export const transposeFold: FoldFn = (n, ctx) => {
  const a = ctx.value(n.inputs[0]!);
  if (!a) return undefined;
  const r = a.dims.length;
  const perm = n.ints('perm') ?? a.dims.map((_, i) => r - 1 - i);
  const dims = perm.map((p) => a.dims[p]!);
  const sa = strides(a.dims); const so = strides(dims);
  const data = Array.from({ length: a.data.length }, (_, flat) => {
    let src = 0;
    perm.forEach((p, ax) => { src += (Math.floor(flat / so[ax]!) % dims[ax]!) * sa[p]!; });
    return a.data[src]!;
  });
  return [{ elemType: a.elemType, dims, data }];
};

/** n-d Slice with negative starts/ends/steps (ONNX clamping rules). */
export function sliceValue(a: ConstValue, starts: number[], ends: number[], axes: number[], steps: number[]): ConstValue {
  const r = a.dims.length;
  const first = a.dims.map(() => 0);
  const step = a.dims.map(() => 1);
  const dims = [...a.dims];
  axes.forEach((ax0, k) => {
    const ax = normAxis(ax0, r);
    const len = a.dims[ax]!;
    const st = steps[k] ?? 1;
    let s = starts[k]!; let e = ends[k]!;
    s = s < 0 ? s + len : s; e = e < 0 ? e + len : e;
    if (st > 0) { s = Math.min(Math.max(s, 0), len); e = Math.min(Math.max(e, 0), len); }
    else { s = Math.min(Math.max(s, 0), len - 1); e = Math.min(Math.max(e, -1), len - 1); }
    first[ax] = s; step[ax] = st;
    dims[ax] = Math.max(0, Math.ceil((e - s) / st));
  });
  const sa = strides(a.dims); const so = strides(dims);
  const data = Array.from({ length: numel(dims) }, (_, flat) => {
    let src = 0;
    dims.forEach((d, ax) => { src += (first[ax]! + (Math.floor(flat / so[ax]!) % d) * step[ax]!) * sa[ax]!; });
    return a.data[src]!;
  });
  return { elemType: a.elemType, dims, data };
}

