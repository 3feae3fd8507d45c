/**
 * Resize / Upsample as separable linear maps: the output geometry (sizes, per-axis scales, roi)
 * and one interpolation matrix R (out x in) per resized axis, with Y = R_0 x_0 ... R_k x_k X.
 * The coordinate maths follows onnxruntime's CPU kernel step by step in float32 (Math.fround), so
 * nearest-mode ties and bilinear weights come out exactly as onnxruntime computes them.
 */
import { type ConstValue, numbers } from '../../const-value.js';
import { type Dim, normAxis, type TensorInfo } from '../../dims.js';
import type { Node } from '../../node.js';

/** What the geometry needs from a graph (InferContext and VjpContext both qualify). */
export interface ResampleContext {
  readonly opset: number;
  info(name: string): TensorInfo;
  value(name: string): ConstValue | undefined;
}

export interface ResampleGeometry {
  /** Per-axis scale (float32) as onnxruntime uses it in the coordinate transform. */
  scales: number[];
  outShape: Dim[];
  /** Normalised roi [starts..., ends...] over all axes (only tf_crop_and_resize reads it). */
  roi: number[];
}

const f = Math.fround;

/** Values of optional input k, or undefined when absent or empty; throws when not a compile-time constant. */
function optionalConst(n: Node, ctx: ResampleContext, k: number, what: string): Dim[] | undefined {
  const name = n.input(k);
  if (!name) return undefined;
  const v = ctx.value(name);
  if (!v) throw new RangeError(`${n.describe()}: input ${k} (${what}) must be a compile-time constant`);
  return v.data.length ? v.data : undefined;
}

/** The output's shape when the graph already knows it (declared value_info), else undefined. */
function declaredShape(n: Node, ctx: ResampleContext): Dim[] | undefined {
  try {
    const out = n.output(0);
    return out ? ctx.info(out).shape : undefined;
  } catch {
    return undefined;
  }
}

/** Output shape, per-axis scales and roi of a Resize or Upsample node. */
export function resampleGeometry(n: Node, ctx: ResampleContext): ResampleGeometry {
  const x = ctx.info(n.inputs[0]!).shape;
  const r = x.length;
  const isResize = n.opType === 'Resize';
  const axes = ctx.opset >= 18 && isResize ? n.ints('axes')?.map((a) => normAxis(a, r)) : undefined;
  const spread = <T>(vals: T[], fill: T): T[] => {
    if (!axes) {
      if (vals.length !== r) throw new RangeError(`${n.describe()}: ${vals.length} values for a rank-${r} input`);
      return vals;
    }
    const full = new Array<T>(r).fill(fill);
    axes.forEach((a, k) => { full[a] = vals[k]!; });
    return full;
  };
  let scalesIn: Dim[] | undefined;
  let sizesIn: Dim[] | undefined;
  /** Sizes known only from the output's declared shape (full rank, no policy applied). */
  let declaredSizes = false;
  let roiIn: Dim[] | undefined;
  if (!isResize && ctx.opset < 9) scalesIn = n.floats('scales');
  else if (!isResize || ctx.opset < 11) scalesIn = optionalConst(n, ctx, 1, 'scales');
  else {
    roiIn = optionalConst(n, ctx, 1, 'roi');
    scalesIn = optionalConst(n, ctx, 2, 'scales');
    try {
      sizesIn = optionalConst(n, ctx, 3, 'sizes');
    } catch (err) {
      // Runtime-computed sizes: a declared (value_info) output shape still pins the geometry,
      // since with sizes onnxruntime derives each scale as out / in.
      const out = declaredShape(n, ctx);
      if (!out || n.str('keep_aspect_ratio_policy', 'stretch') !== 'stretch') throw err;
      sizesIn = out;
      declaredSizes = true;
    }
  }
  const roi = roiIn
    ? (() => {
        const rv = roiIn.map(Number);
        const k = rv.length / 2;
        return [...spread(rv.slice(0, k), 0), ...spread(rv.slice(k), 1)].map(f);
      })()
    : [...new Array<number>(r).fill(0), ...new Array<number>(r).fill(1)];

  if (!sizesIn) {
    if (!scalesIn) throw new RangeError(`${n.describe()}: neither scales nor sizes is given`);
    const scales = spread(scalesIn.map((s) => f(Number(s))), 1);
    const outShape = x.map((d, i) => {
      const s = scales[i]!;
      if (s === 1) return d;
      return typeof d === 'number' ? Math.floor(f(s * d)) : `resize_${i}`;
    });
    return { scales, outShape, roi };
  }

  const sizes = (declaredSizes ? sizesIn : spread<Dim>(sizesIn, -1)).map((s, i) => (s === -1 ? x[i]! : s));
  let scales = x.map((d, i) => {
    const s = sizes[i]!;
    if (s === d) return 1;
    if (typeof d !== 'number' || typeof s !== 'number')
      throw new RangeError(`${n.describe()}: cannot resize dynamic dim '${d}' of axis ${i} to ${s}`);
    return d === 0 ? 1 : f(s / d);
  });
  let outShape: Dim[] = [...sizes];
  const policy = isResize && ctx.opset >= 18 ? n.str('keep_aspect_ratio_policy', 'stretch') : 'stretch';
  if (policy === 'not_larger' || policy === 'not_smaller') {
    const inPolicy = (i: number) => !axes || axes.includes(i);
    const picked = scales.filter((_, i) => inPolicy(i));
    const s = policy === 'not_larger' ? Math.min(...picked) : Math.max(...picked);
    scales = scales.map((_, i) => (inPolicy(i) ? s : 1));
    outShape = x.map((d, i) => {
      if (!inPolicy(i) || s === 1) return d;
      if (typeof d !== 'number') throw new RangeError(`${n.describe()}: keep_aspect_ratio_policy on dynamic dim '${d}'`);
      return roundHalfAway(f(s * d));
    });
  } else if (policy !== 'stretch') throw new RangeError(`${n.describe()}: unknown keep_aspect_ratio_policy '${policy}'`);
  return { scales, outShape, roi };
}

// ---- per-axis matrices -------------------------------------------------------------------------

export type ResampleMode = 'nearest' | 'linear' | 'cubic';
export const COORD_MODES = [
  'half_pixel', 'half_pixel_symmetric', 'pytorch_half_pixel', 'align_corners', 'asymmetric',
  'tf_half_pixel_for_nn', 'tf_crop_and_resize',
] as const;
export type CoordMode = (typeof COORD_MODES)[number];
/** 'simple' is the rounding of Upsample and Resize-10 (truncate when enlarging, ceil when shrinking). */
export const NEAREST_MODES = ['round_prefer_floor', 'round_prefer_ceil', 'floor', 'ceil', 'simple'] as const;
export type NearestMode = (typeof NEAREST_MODES)[number];

export interface AxisResample {
  mode: ResampleMode;
  coord: CoordMode;
  nearest: NearestMode;
  cubicA: number;
  excludeOutside: boolean;
  inLen: number;
  outLen: number;
  scale: number;
  roiStart: number;
  roiEnd: number;
}

const roundHalfAway = (v: number): number => (v < 0 ? -Math.floor(-v + 0.5) : Math.floor(v + 0.5));

/** Input coordinate of output index `xo` (onnxruntime's float32 arithmetic). */
export function originalCoordinate(p: AxisResample, xo: number): number {
  const { scale: s, inLen, outLen } = p;
  switch (p.coord) {
    case 'asymmetric': return f(xo / s);
    case 'pytorch_half_pixel': return outLen > 1 ? f(f(f(xo + 0.5) / s) - 0.5) : 0;
    case 'tf_half_pixel_for_nn': return f(f(xo + 0.5) / s);
    case 'align_corners': return outLen === 1 ? 0 : f(f(xo * (inLen - 1)) / (outLen - 1));
    case 'tf_crop_and_resize': {
      const { roiStart: a, roiEnd: b } = p;
      if (outLen > 1) return f(f(a * (inLen - 1)) + f(f(f(xo * f(b - a)) * (inLen - 1)) / (outLen - 1)));
      return f(0.5 * f(a + b) * (inLen - 1));
    }
    case 'half_pixel_symmetric': {
      const adjustment = f(outLen / f(s * inLen));
      const offset = f(f(inLen / 2) * f(1 - adjustment));
      // onnxruntime mixes double literals in here: the sum is formed in double, then rounded.
      return f(offset + (xo + 0.5) / s - 0.5);
    }
    default: return f(f(f(xo + 0.5) / s) - 0.5);
  }
}

function nearestIndex(mode: NearestMode, v: number, downsample: boolean): number {
  switch (mode) {
    case 'simple': return downsample ? Math.ceil(v) : Math.trunc(v);
    case 'round_prefer_ceil': return roundHalfAway(v);
    case 'floor': return Math.floor(v);
    case 'ceil': return Math.ceil(v);
    default: return v === f(Math.trunc(v) + 0.5) ? Math.floor(v) : roundHalfAway(v);
  }
}

function cubicCoeffs(t: number, a: number): number[] {
  const s = Math.abs(t);
  const far = (d: number) => f(((a * d - 5 * a) * d + 8 * a) * d - 4 * a);
  const near = (d: number) => f(((a + 2) * d - (a + 3)) * d * d + 1);
  return [far(s + 1), near(s), near(1 - s), far(2 - s)];
}

/**
 * Row-major [outLen x inLen] matrix R with y = R x along one axis, or undefined when the axis is
 * an identity (onnxruntime copies an axis whose scale is exactly 1).
 */
export function axisMatrix(p: AxisResample): Float64Array | undefined {
  const { inLen, outLen } = p;
  if (p.scale === 1 && inLen === outLen) return undefined;
  const m = new Float64Array(outLen * inLen);
  const extrapolate = p.coord === 'tf_crop_and_resize';
  const clampIdx = (i: number) => Math.min(Math.max(i, 0), inLen - 1);
  const add = (k: number, w: number) => { m[k] = m[k]! + w; };
  for (let xo = 0; xo < outLen; xo++) {
    const v = p.scale === 1 && p.mode !== 'nearest' ? xo : originalCoordinate(p, xo);
    // Rows that take the extrapolation value do not depend on the input at all.
    if (extrapolate && (v < 0 || v > inLen - 1)) continue;
    const row = xo * inLen;
    if (p.mode === 'nearest') {
      m[row + clampIdx(nearestIndex(p.nearest, v, p.scale < 1))] = 1;
    } else if (p.mode === 'linear') {
      const c = Math.min(Math.max(v, 0), inLen - 1);
      const i1 = Math.min(Math.trunc(c), inLen - 1);
      const i2 = Math.min(i1 + 1, inLen - 1);
      const [w1, w2] = i1 === i2 ? [0.5, 0.5] : [f(Math.abs(c - i2)), f(Math.abs(c - i1))];
      add(row + i1, w1);
      add(row + i2, w2);
    } else {
      const base = Math.floor(v);
      const cs = cubicCoeffs(f(v - base), p.cubicA);
      let sum = 1;
      if (p.excludeOutside) {
        cs.forEach((_, k) => { const j = base - 1 + k; if (j < 0 || j >= inLen) cs[k] = 0; });
        sum = cs.reduce((a, b) => a + b, 0);
      }
      cs.forEach((c, k) => add(row + clampIdx(base - 1 + k), c / sum));
    }
  }
  return isIdentity(m, outLen, inLen) ? undefined : m;
}

function isIdentity(m: Float64Array, rows: number, cols: number): boolean {
  if (rows !== cols) return false;
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) if (m[i * cols + j] !== (i === j ? 1 : 0)) return false;
  return true;
}

/** Interpolation attributes of a Resize / Upsample node (opset-dependent defaults). */
export function resampleAttrs(n: Node, opset: number): Omit<AxisResample, 'inLen' | 'outLen' | 'scale' | 'roiStart' | 'roiEnd'> & { antialias: boolean } {
  const modern = n.opType === 'Resize' && opset >= 11;
  const mode = n.str('mode', 'nearest');
  return {
    mode: mode as ResampleMode,
    coord: (modern ? n.str('coordinate_transformation_mode', 'half_pixel') : 'asymmetric') as CoordMode,
    nearest: (modern ? n.str('nearest_mode', 'round_prefer_floor') : 'simple') as NearestMode,
    cubicA: f(n.float('cubic_coeff_a', -0.75)),
    excludeOutside: n.int('exclude_outside', 0) === 1,
    antialias: n.opType === 'Resize' && opset >= 18 && n.int('antialias', 0) === 1,
  };
}

/** Per-axis interpolation matrices of a node (undefined entries are identities). */
export function resampleMatrices(n: Node, ctx: ResampleContext): { geometry: ResampleGeometry; matrices: (Float64Array | undefined)[] } {
  const geometry = resampleGeometry(n, ctx);
  const x = ctx.info(n.inputs[0]!).shape;
  const attrs = resampleAttrs(n, ctx.opset);
  const r = x.length;
  const same = x.every((d, i) => d === geometry.outShape[i]);
  const matrices = x.map((d, i) => {
    const o = geometry.outShape[i]!;
    // onnxruntime copies the input when no dimension changes, whatever the scales say.
    if (same || (geometry.scales[i] === 1 && o === d)) return undefined;
    if (typeof d !== 'number' || typeof o !== 'number')
      throw new RangeError(`${n.describe()}: axis ${i} is resized but its extent is dynamic`);
    return axisMatrix({
      ...attrs, inLen: d, outLen: o, scale: geometry.scales[i]!, roiStart: geometry.roi[i]!, roiEnd: geometry.roi[i + r]!,
    });
  });
  return { geometry, matrices };
}
