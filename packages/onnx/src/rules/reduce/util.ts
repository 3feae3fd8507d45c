/** Shared plumbing of the Reduce* rules: which axes were reduced and G/Y with those axes kept. */
import { numbers } from '../../const-value.js';
import { normAxis } from '../../dims.js';
import type { Emitter } from '../../emit/emitter.js';
import { zerosLike } from '../shape/util.js';
import type { GradRule, VjpContext } from '../types.js';

export interface ReduceSpec {
  /** Reduced axes of X, normalised and ascending. */
  axes: number[];
  keepdims: boolean;
  /** noop_with_empty_axes with empty axes: Y = X. */
  identity: boolean;
}

/** Reads axes (attribute, or input 1 for ReduceSum >= 13 / the others >= 18), keepdims, noop. */
export function reduceSpec(ctx: VjpContext): ReduceSpec {
  const n = ctx.node;
  const r = ctx.info(n.inputs[0]!).shape.length;
  let axes = n.ints('axes');
  const inp = n.input(1);
  if (!axes && inp) {
    axes = numbers(ctx.value(inp));
    if (!axes) ctx.unsupported('the axes input is not a compile-time constant');
  }
  const keepdims = n.int('keepdims', 1) === 1;
  if (!axes || axes.length === 0) {
    if (n.int('noop_with_empty_axes', 0) === 1) return { axes: [], keepdims, identity: true };
    return { axes: Array.from({ length: r }, (_, i) => i), keepdims, identity: false };
  }
  const norm = [...new Set(axes.map((a) => normAxis(a, r)))].sort((a, b) => a - b);
  return { axes: norm, keepdims, identity: false };
}

/** `t` (shaped like Y) with the reduced axes present as 1s, so it broadcasts against X. */
export function keepAxes(e: Emitter, spec: ReduceSpec, t: string): string {
  return spec.keepdims || spec.axes.length === 0 ? t : e.unsqueeze(t, spec.axes);
}

/** `t` broadcast to the shape of `x` (Expand from opset 8; before that, adding zeros). */
export function broadcastTo(e: Emitter, t: string, x: string): string {
  if (e.opset >= 8) return e.op1('Expand', [t, e.shapeOf(x)]);
  return e.add(t, zerosLike(e, x));
}

/**
 * The rule of a Reduce* op: `dx(ctx, spec, G)` over the reduced axes. With noop_with_empty_axes
 * and empty axes (Y = X) G passes through, or, with `identity: 'unsupported'`, the node is refused
 * (for ops where whether the "no-op" still applies abs/square/exp is not pinned down).
 */
export function reduceRule(
  opType: string, dx: (ctx: VjpContext, spec: ReduceSpec, g: string) => string, identity: 'pass' | 'unsupported' = 'pass',
): GradRule {
  return {
    opType,
    differentiable: [0],
    vjp: (ctx) => {
      const spec = reduceSpec(ctx);
      const g = ctx.grad()!;
      if (spec.identity) return identity === 'pass' ? [g] : ctx.unsupported(`${opType} with noop_with_empty_axes=1 and empty axes`);
      return [dx(ctx, spec, g)];
    },
  };
}
