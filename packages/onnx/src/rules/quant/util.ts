/**
 * Gradients of quantised (QOperator) ops. Convention: the cotangent of an integer tensor q is the
 * derivative with respect to q's integer value, a float tensor shaped like q. Rounding is
 * straight-through (the identity); saturation is not: where the unrounded value falls outside
 * the integer range, the derivative is 0, exactly as for Clip (this is how a ReLU fused into the
 * output zero point keeps its mask). With x^ = (q - zp) * s the dequantised value:
 *
 * - QuantizeLinear x -> q:    dq/dx = 1/s (inside the range),
 * - DequantizeLinear q -> x^: dx^/dq = s,
 * - a QOperator op q_a, q_b -> q_y computes y = f(a^, b^) in float (its float counterpart, the
 *   dequantised weights as constants) and requantises q_y = y/s_y + zp_y, so
 *   dq_y/dq_a = (s_a / s_y) * df/da at the dequantised point.
 *
 * The scales cancel along Q -> QLinearX -> DQ: the composite's gradient is exactly the float op's
 * gradient at the dequantised operands. The forward graph is untouched; the backward recomputes
 * y = f(a^, b^) in float (for the saturation mask and for rules that read their own output).
 */
import { type ConstValue, numbers } from '../../const-value.js';
import type { Emitter } from '../../emit/emitter.js';
import { DT, isFloatType } from '../../proto.js';
import { floatAttrs, integerRange, type QOperand, QOPERATOR_SPEC } from '../../quant-spec.js';
import type { Node } from '../../node.js';
import type { GradRule, VjpContext } from '../types.js';

/** A 1-D per-axis scale or zero point laid out to broadcast along `axis` of a rank-`rank` tensor. */
export function alongAxis(e: Emitter, t: string, axis: number | undefined, rank: number): string {
  const s = e.shape(t);
  if (s.length !== 1 || s[0] === 1 || rank <= 1) return t;
  const a = axis === undefined ? rank - 1 : axis < 0 ? axis + rank : axis;
  return a >= rank - 1 ? t : e.reshape(t, [-1, ...new Array<number>(rank - 1 - a).fill(1)]);
}

/**
 * Where QuantizeLinear node `q` does not saturate: its unrounded x / s + zp lies in the integer
 * range of its output type (a bool tensor shaped like x). A per-tensor constant scale and zero
 * point (how activations are quantised) compares x with the folded float bounds (qmin - zp) s and
 * (qmax - zp) s. `fail` reports what cannot be masked (blocked quantisation, another output type).
 */
export function quantizeInRange(e: Emitter, q: Node, value: (name: string) => ConstValue | undefined, fail: (detail: string) => never): string {
  if (q.int('block_size', 0) > 0) fail('blocked quantisation (block_size > 0) is not supported');
  const range = integerRange(e.elemType(q.outputs[0]!));
  if (!range) return fail(`quantising to element type ${e.elemType(q.outputs[0]!)} is not supported (8-, 16- and 32-bit integers are)`);
  const [x, s] = q.inputs as [string, string];
  const zp = q.input(2);
  const sv = numbers(value(s)), zv = zp ? numbers(value(zp)) : [0];
  if (sv?.length === 1 && zv?.length === 1 && sv[0]! > 0) {
    const lo = (range[0] - zv[0]!) * sv[0]!, hi = (range[1] - zv[0]!) * sv[0]!;
    return e.and(e.greaterOrEqual(x, e.scalarLike(lo, x)), e.lessOrEqual(x, e.scalarLike(hi, x)));
  }
  const axis = q.int('axis', 1), r = e.rank(x);
  let z = e.div(x, alongAxis(e, s, axis, r));
  if (zp) z = e.add(z, alongAxis(e, e.cast(zp, e.elemType(x)), axis, r));
  return e.and(e.greaterOrEqual(z, e.scalarLike(range[0], z)), e.lessOrEqual(z, e.scalarLike(range[1], z)));
}

/**
 * (q - zp) * s elementwise for q of shape `dims`; s and zp hold one value or one per index of
 * axis `axis` (non-negative). `float32`: as onnxruntime's DequantizeLinear computes it,
 * float32(q - zp) times the float32 scale rounded to float32 (the same numbers as the plain
 * product for 8- and 16-bit q; for int32 q the difference is rounded first).
 */
export function dequantisedValues(q: number[], s: number[], zp: number[], dims: number[], axis: number, float32 = false): number[] {
  const inner = dims.slice(axis + 1).reduce((p, d) => p * d, 1);
  const len = dims[axis] ?? 1;
  const at = (v: number[], i: number): number => (v.length === 1 ? v[0]! : v[Math.floor(i / inner) % len]!);
  return float32
    ? q.map((v, i) => Math.fround(Math.fround(v - at(zp, i)) * at(s, i)))
    : q.map((v, i) => (v - at(zp, i)) * at(s, i));
}

/** (q - zp) * s of an operand: a constant when q, zp and s are, else emitted arithmetic. */
export function dequantise(ctx: VjpContext, o: QOperand, floatType: number): string {
  const { e, node } = ctx;
  const q = node.inputs[o.q]!;
  const scale = o.scale === undefined ? undefined : node.input(o.scale);
  const zp = o.zp === undefined ? undefined : node.input(o.zp);
  const rank = e.rank(q);
  const folded = foldDequantise(ctx, q, scale, zp, o.axis, floatType);
  if (folded) return folded;
  let x = e.cast(q, floatType);
  if (zp) x = e.sub(x, alongAxis(e, e.cast(zp, floatType), o.axis, rank));
  if (scale) x = e.mul(x, alongAxis(e, scale, o.axis, rank));
  return x;
}

function foldDequantise(ctx: VjpContext, q: string, scale: string | undefined, zp: string | undefined, axis: number | undefined, floatType: number): string | undefined {
  const qv = numbers(ctx.value(q));
  const sv = scale ? numbers(ctx.value(scale)) : [1];
  const zv = zp ? numbers(ctx.value(zp)) : [0];
  if (!qv || !sv || !zv) return undefined;
  const dims = ctx.info(q).shape as number[];
  const a = axis === undefined ? dims.length - 1 : axis < 0 ? axis + dims.length : axis;
  const out = dequantisedValues(qv, sv, zv, dims, a);
  return ctx.e.constant(out, dims, floatType);
}

/**
 * The rule of a QOperator op (quant-spec.ts), from the rule of its float counterpart: dequantise
 * the operands, recompute the float op, mask and rescale the cotangent, run the float rule on the
 * recomputed node and scale its cotangents back to the integer operands.
 */
export function qoperatorRule(opType: string, floatRule: GradRule): GradRule {
  const spec = QOPERATOR_SPEC.get(opType)!;
  return {
    opType,
    ...(spec.domain ? { domain: spec.domain } : {}),
    integerOutputs: true,
    differentiable: (node) => spec.operands(node).map((o) => o.q),
    vjp: (ctx) => {
      const { node, e } = ctx;
      if (node.int('channels_last', 0) !== 0) ctx.unsupported('channels_last=1 is not supported (only NCHW)');
      const operands = spec.operands(node);
      const gq = ctx.grad()!;
      const ft = spec.output ? e.elemType(node.inputs[spec.output.scale]!) : isFloatType(e.elemType(gq)) ? e.elemType(gq) : DT.FLOAT;
      const xs = operands.map((o) => dequantise(ctx, o, ft));
      const bias = spec.bias !== undefined ? node.input(spec.bias) : undefined;
      const ins = bias ? [...xs, dequantisedBias(ctx, bias, operands, ft)] : xs;
      const y = e.op1(spec.floatOp, ins, floatAttrs(node));
      const twin = e.g.producer.get(y)!;

      let gy = gq;
      if (spec.output) {
        const sy = node.inputs[spec.output.scale]!;
        const zpy = node.input(spec.output.zp);
        gy = e.div(gq, sy);
        const range = integerRange(e.elemType(node.outputs[0]!));
        if (range) {
          let z = e.div(y, sy);
          if (zpy) z = e.add(z, e.cast(zpy, ft));
          const inside = e.and(e.greaterOrEqual(z, e.scalarLike(range[0], z)), e.lessOrEqual(z, e.scalarLike(range[1], z)));
          gy = e.mask(inside, gy);
        }
      }
      const needs = operands.map((o) => ctx.needs(o.q));
      const dxs = floatRule.vjp({
        ...ctx, node: twin,
        grad: (k = 0) => (k === 0 ? gy : undefined),
        needs: (i) => needs[i] ?? false,
      });
      const out: (string | undefined)[] = new Array(node.inputs.length).fill(undefined);
      operands.forEach((o, i) => {
        const dx = dxs[i];
        if (!needs[i] || !dx) return;
        const scale = o.scale === undefined ? undefined : node.input(o.scale);
        out[o.q] = scale ? e.mul(dx, alongAxis(e, scale, o.axis, e.rank(dx))) : dx;
      });
      return out;
    },
  };
}

/** QLinearConv's int32 bias dequantised: B * x_scale * w_scale (per output channel). */
function dequantisedBias(ctx: VjpContext, bias: string, operands: QOperand[], ft: number): string {
  const { e, node } = ctx;
  const sx = node.inputs[operands[0]!.scale!]!;
  const sw = node.inputs[operands[1]!.scale!]!;
  return e.mul(e.cast(bias, ft), e.mul(sx, sw));
}
