/**
 * The emitter gradient rules write with: appends default-domain nodes and constants to the
 * gradient graph, runs shape inference on every emitted node, and hides opset differences
 * (attribute vs input forms of axes/pads/starts, Where before opset 9, float Equal before 11).
 */
import { type Dim, fmtShape, isStatic, type Shape, type TensorInfo } from '../dims.js';
import { RuleContractError } from '../errors.js';
import type { Graph } from '../graph.js';
import { type AttrValue, DT, makeAttr, makeTensor, type NodeProto, type TensorProto } from '../proto.js';

export type Attrs = Record<string, AttrValue | undefined>;

/** Name prefix of the nodes `compile` emits (a compiled graph compiled again holds them). */
export const GRADIENT_PREFIX = 'axplain_grad';

export class Emitter {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  private readonly constCache = new Map<string, string>();

  /**
   * @param portable CompileOptions.portable: rules emit only forms every execution provider
   * implements (rules read it as `ctx.e.portable`).
   */
  constructor(readonly g: Graph, private readonly prefix = GRADIENT_PREFIX, readonly portable = false) {}

  get opset(): number { return this.g.opset; }
  info(name: string): TensorInfo { return this.g.info(name); }
  shape(name: string): Shape { return this.g.info(name).shape; }
  rank(name: string): number { return this.g.info(name).shape.length; }
  elemType(name: string): number { return this.g.info(name).elemType; }

  /** Emits one node and returns its output names. */
  op(opType: string, inputs: (string | undefined)[], attrs: Attrs = {}, nOut = 1): string[] {
    const outputs = Array.from({ length: nOut }, () => this.g.fresh(`${this.prefix}/${opType}`));
    // Trailing missing optional inputs are dropped; inner ones become ''.
    const ins = inputs.map((i) => i ?? '');
    while (ins.length && ins[ins.length - 1] === '') ins.pop();
    const attribute = Object.entries(attrs).filter(([, v]) => v !== undefined).map(([k, v]) => makeAttr(k, v!));
    const p: NodeProto = { opType, input: ins, output: outputs, name: this.g.fresh(`${this.prefix}/${opType}_node`), attribute };
    this.nodes.push(p);
    try {
      this.g.addNode(p);
    } catch (e) {
      throw new RuleContractError(`emitted ${opType}(${ins.join(', ')}) is invalid: ${(e as Error).message}`);
    }
    return outputs;
  }
  /** Emits a single-output node. */
  op1(opType: string, inputs: (string | undefined)[], attrs: Attrs = {}): string {
    return this.op(opType, inputs, attrs, 1)[0]!;
  }

  // ---- constants ------------------------------------------------------------------------------

  /** A constant initializer (deduplicated for small constants). */
  constant(values: ArrayLike<number>, dims: readonly number[], elemType: number = DT.FLOAT): string {
    const key = values.length <= 64 ? `${elemType}|${dims.join(',')}|${Array.from(values).join(',')}` : undefined;
    if (key && this.constCache.has(key)) return this.constCache.get(key)!;
    const name = this.g.fresh(`${this.prefix}/const`);
    const t = makeTensor(name, elemType, dims, values);
    this.initializers.push(t);
    this.g.addInitializer(t);
    if (key) this.constCache.set(key, name);
    return name;
  }
  /** 1-D int64 constant. */
  int64s(values: readonly number[]): string { return this.constant(values, [values.length], DT.INT64); }
  /** Scalar of the same element type as `like`. */
  scalarLike(v: number, like: string): string { return this.constant([v], [], this.elemType(like)); }

  /** Shape of `x` as an int64 tensor: a constant when static, else a runtime Shape. */
  shapeOf(x: string): string {
    const s = this.shape(x);
    return isStatic(s) ? this.int64s(s) : this.op1('Shape', [x]);
  }
  /** An int64 shape tensor for `dims`, taking symbolic dims from `ref`'s runtime shape. */
  shapeTensor(dims: readonly Dim[], ref?: string): string {
    if (isStatic(dims)) return this.int64s(dims);
    if (!ref) throw new RuleContractError(`shape ${fmtShape(dims)} is dynamic and no reference tensor was given`);
    const rs = this.shape(ref);
    const parts = dims.map((d) => {
      if (typeof d === 'number') return this.int64s([d]);
      const k = rs.indexOf(d);
      if (k < 0) throw new RuleContractError(`symbolic dim '${d}' not found in the shape of '${ref}' ${fmtShape(rs)}`);
      return this.gather(this.op1('Shape', [ref]), [k]);
    });
    return parts.length === 1 ? parts[0]! : this.op1('Concat', parts, { axis: 0 });
  }
  private gather(x: string, idx: number[]): string {
    return this.op1('Gather', [x, this.int64s(idx)], { axis: 0 });
  }

  /** Zeros shaped like `x`. */
  zerosLike(x: string): string {
    const s = this.shape(x);
    if (this.opset >= 8) return this.op1('Expand', [this.scalarLike(0, x), this.shapeOf(x)]);
    if (isStatic(s)) return this.constant(new Array(s.reduce((a, b) => a * b, 1)).fill(0), s, this.elemType(x));
    return this.op1('Mul', [x, this.scalarLike(0, x)]);
  }

  // ---- arithmetic -----------------------------------------------------------------------------

  add(a: string, b: string): string { return this.op1('Add', [a, b]); }
  sub(a: string, b: string): string { return this.op1('Sub', [a, b]); }
  mul(a: string, b: string): string { return this.op1('Mul', [a, b]); }
  div(a: string, b: string): string { return this.op1('Div', [a, b]); }
  neg(a: string): string { return this.op1('Neg', [a]); }
  /** a * scalar (same element type as a). */
  scale(a: string, s: number): string { return s === 1 ? a : this.mul(a, this.scalarLike(s, a)); }
  /** Sum of several tensors of equal shape. */
  sum(xs: string[]): string {
    if (xs.length === 0) throw new RuleContractError('sum of no tensors');
    return xs.length === 1 ? xs[0]! : this.op1('Sum', xs);
  }
  cast(x: string, to: number): string { return this.op1('Cast', [x], { to }); }

  // ---- comparisons and selection --------------------------------------------------------------

  greater(a: string, b: string): string { return this.op1('Greater', [a, b]); }
  less(a: string, b: string): string { return this.op1('Less', [a, b]); }
  not(a: string): string { return this.op1('Not', [a]); }
  and(a: string, b: string): string { return this.op1('And', [a, b]); }
  or(a: string, b: string): string { return this.op1('Or', [a, b]); }
  /** a >= b as bool. */
  greaterOrEqual(a: string, b: string): string {
    return this.opset >= 12 ? this.op1('GreaterOrEqual', [a, b]) : this.not(this.less(a, b));
  }
  lessOrEqual(a: string, b: string): string {
    return this.opset >= 12 ? this.op1('LessOrEqual', [a, b]) : this.not(this.greater(a, b));
  }
  /** a == b as bool, for floats too (Equal accepts floats only from opset 11). */
  equal(a: string, b: string): string {
    if (this.opset >= 11 || !isFloatName(this, a)) return this.op1('Equal', [a, b]);
    return this.and(this.not(this.less(a, b)), this.not(this.greater(a, b)));
  }
  /** Where(cond, a, b); before opset 9 as a*c + b*(1-c). `b` may be the scalar 0. */
  where(cond: string, a: string, b: string): string {
    if (this.opset >= 9) return this.op1('Where', [cond, a, b]);
    const like = isFloatName(this, a) ? a : b;
    const c = this.op1('Cast', [cond], { to: this.elemType(like) });
    const ta = this.mul(a, c);
    const tb = this.mul(b, this.sub(this.scalarLike(1, like), c));
    return this.add(ta, tb);
  }
  /** Where(cond, g, 0). */
  mask(cond: string, g: string): string {
    if (this.opset >= 9) return this.op1('Where', [cond, g, this.scalarLike(0, g)]);
    return this.mul(g, this.cast(cond, this.elemType(g)));
  }

  // ---- shape movement -------------------------------------------------------------------------

  reshape(x: string, dims: readonly Dim[] | string, ref?: string): string {
    const shape = typeof dims === 'string' ? dims : this.shapeTensor(dims, ref ?? x);
    return this.op1('Reshape', [x, shape]);
  }
  /** Reshape x to the shape of tensor `like` (static or runtime). */
  reshapeLike(x: string, like: string): string {
    const a = this.shape(x);
    const b = this.shape(like);
    if (a.length === b.length && a.every((d, i) => d === b[i])) return x;
    return this.op1('Reshape', [x, this.shapeOf(like)]);
  }
  transpose(x: string, perm: number[]): string {
    if (perm.every((p, i) => p === i)) return x;
    return this.op1('Transpose', [x], { perm });
  }
  unsqueeze(x: string, axes: number[]): string {
    return this.opset >= 13 ? this.op1('Unsqueeze', [x, this.int64s(axes)]) : this.op1('Unsqueeze', [x], { axes });
  }
  squeeze(x: string, axes: number[]): string {
    return this.opset >= 13 ? this.op1('Squeeze', [x, this.int64s(axes)]) : this.op1('Squeeze', [x], { axes });
  }
  concat(xs: string[], axis: number): string {
    return xs.length === 1 ? xs[0]! : this.op1('Concat', xs, { axis });
  }
  /** Splits along `axis` into pieces of the given sizes. */
  split(x: string, sizes: number[], axis: number): string[] {
    if (sizes.length === 1) return [x];
    if (this.opset >= 13) return this.op('Split', [x, this.int64s(sizes)], { axis }, sizes.length);
    return this.op('Split', [x], { axis, split: sizes }, sizes.length);
  }
  /** Slice with per-axis starts/ends/steps; steps other than 1 need opset >= 10. */
  slice(x: string, starts: number[], ends: number[], axes: number[], steps?: number[]): string {
    if (this.opset >= 10) {
      const ins = [x, this.int64s(starts), this.int64s(ends), this.int64s(axes)];
      if (steps && steps.some((s) => s !== 1)) ins.push(this.int64s(steps));
      return this.op1('Slice', ins);
    }
    if (steps && steps.some((s) => s !== 1)) {
      // Opset < 10 has no strided Slice: gather the wanted indices per axis instead.
      let y = x;
      axes.forEach((ax, k) => {
        const n = this.shape(y)[ax];
        if (typeof n !== 'number') throw new RuleContractError(`strided slice needs a static extent on axis ${ax}`);
        const idx: number[] = [];
        const st = steps[k] ?? 1;
        const s0 = clampStart(starts[k]!, n, st);
        const e0 = clampEnd(ends[k]!, n, st);
        for (let i = s0; st > 0 ? i < e0 : i > e0; i += st) idx.push(i);
        y = this.op1('Gather', [y, this.int64s(idx)], { axis: ax });
      });
      return y;
    }
    return this.op1('Slice', [x], { starts, ends, axes });
  }
  /** Pads with ONNX layout [b_0..b_r-1, e_0..e_r-1]; negative pads crop. */
  pad(x: string, pads: number[], mode: 'constant' | 'reflect' | 'edge' = 'constant', value = 0): string {
    if (pads.every((p) => p === 0)) return x;
    if (this.opset >= 11) {
      const ins = [x, this.int64s(pads)];
      if (mode === 'constant' && value !== 0) ins.push(this.scalarLike(value, x));
      return this.op1('Pad', ins, { mode });
    }
    return this.op1('Pad', [x], { mode, pads, value: { f: value } });
  }

  // ---- reductions -----------------------------------------------------------------------------

  /** ReduceSum over `axes` (attribute before opset 13, input after). */
  reduceSum(x: string, axes: number[], keepdims = true): string {
    if (axes.length === 0) return x;
    if (this.opset >= 13) return this.op1('ReduceSum', [x, this.int64s(axes)], { keepdims: keepdims ? 1 : 0 });
    return this.op1('ReduceSum', [x], { axes, keepdims: keepdims ? 1 : 0 });
  }
  /** Reduce{Mean,Max,Min,...} other than Sum: axes attribute before opset 18. */
  reduce(op: string, x: string, axes: number[], keepdims = true): string {
    if (op === 'ReduceSum') return this.reduceSum(x, axes, keepdims);
    if (this.opset >= 18) return this.op1(op, [x, this.int64s(axes)], { keepdims: keepdims ? 1 : 0 });
    return this.op1(op, [x], { axes, keepdims: keepdims ? 1 : 0 });
  }

  /**
   * Sums a cotangent `g` (shaped like a broadcast result) down to the shape of operand `x`:
   * ReduceSum over the broadcast axes, then Reshape to x's shape.
   */
  unbroadcast(g: string, x: string): string {
    const gs = this.shape(g);
    const xs = this.shape(x);
    const lead = gs.length - xs.length;
    const axes: number[] = [];
    for (let i = 0; i < gs.length; i++) {
      if (i < lead) { axes.push(i); continue; }
      const xd = xs[i - lead]!;
      const gd = gs[i]!;
      if (xd === 1 && gd !== 1) axes.push(i);
      else if (typeof xd === 'string' && typeof gd === 'number' && gd !== 1)
        throw new RuleContractError(`cannot tell whether dim '${xd}' of '${x}' was broadcast to ${gd}`);
    }
    const r = this.reduceSum(g, axes, true);
    return this.reshapeLike(r, x);
  }
}

const isFloatName = (e: Emitter, name: string): boolean => {
  const t = e.elemType(name);
  return t === DT.FLOAT || t === DT.FLOAT16 || t === DT.DOUBLE || t === DT.BFLOAT16;
};
// ONNX Slice: with a positive step starts and ends clamp to [0, n]; with a negative step starts
// clamp to [0, n-1] and ends to [-1, n-1].
const clampStart = (s: number, n: number, step: number): number => {
  const v = s < 0 ? s + n : s;
  return step > 0 ? Math.min(Math.max(v, 0), n) : Math.min(Math.max(v, 0), n - 1);
};
const clampEnd = (e: number, n: number, step: number): number => {
  const v = e < 0 ? e + n : e;
  return step > 0 ? Math.min(Math.max(v, 0), n) : Math.min(Math.max(v, -1), n - 1);
};
