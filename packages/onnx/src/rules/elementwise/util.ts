/** Helpers shared by the elementwise rules (opset-aware pieces the Emitter does not offer). */
import { numbers } from '../../const-value.js';
import type { Emitter } from '../../emit/emitter.js';
import type { GradRule, VjpContext } from '../types.js';

/** The tensors a single-input, single-output rule works with. */
export interface Unary {
  ctx: VjpContext;
  e: Emitter;
  /** Input 0. */
  x: string;
  /** Output 0 (the forward value, reused instead of recomputing it). */
  y: string;
  /** Cotangent of output 0. */
  g: string;
}

/** A rule for an op with one differentiable input and one output. */
export function unaryRule(opType: string, dx: (u: Unary) => string, sinceOpset?: number): GradRule {
  return {
    opType,
    differentiable: [0],
    ...(sinceOpset === undefined ? {} : { sinceOpset }),
    vjp: (ctx) => {
      const { node, e } = ctx;
      return [dx({ ctx, e, x: node.inputs[0]!, y: node.outputs[0]!, g: ctx.grad()! })];
    },
  };
}

/** Scalar constant of `like`'s element type. */
export const k = (e: Emitter, v: number, like: string): string => e.scalarLike(v, like);

/** sign(x) in {-1, 0, 1}; Sign exists only from opset 9, so older models compare and cast. */
export function signOf(e: Emitter, x: string): string {
  if (e.opset >= 9) return e.op1('Sign', [x]);
  const zero = k(e, 0, x);
  const t = e.elemType(x);
  return e.sub(e.cast(e.greater(x, zero), t), e.cast(e.less(x, zero), t));
}

/**
 * log(x) where x > 0, else 0. The non-positive entries are replaced by 1 before the Log so no
 * NaN is ever produced: before opset 9 `where` is a blend by multiplication, where NaN * 0 = NaN.
 */
export function safeLog(e: Emitter, x: string): string {
  const pos = e.greater(x, k(e, 0, x));
  return e.op1('Log', [e.where(pos, x, k(e, 1, x))]);
}

/** The value of a constant tensor when all its entries are one and the same number. */
export function uniformConstant(ctx: VjpContext, name: string): number | undefined {
  const v = numbers(ctx.value(name));
  if (!v || v.length === 0) return undefined;
  return v.every((d) => d === v[0]) ? v[0] : undefined;
}
