/** Reshape / Flatten / Squeeze / Unsqueeze move no values: dX = G laid back out in X's shape. */
import { normAxis } from '../../dims.js';
import type { Node } from '../../node.js';
import type { GradRule, VjpContext } from '../types.js';

/** Reshape and Flatten: dX = Reshape(G, shape(X)) (a constant when X is static, else Shape(X)). */
const reshapeLike = (opType: 'Reshape' | 'Flatten'): GradRule => ({
  opType,
  differentiable: [0],
  vjp: ({ node, e, grad }) => [e.reshapeLike(grad()!, node.inputs[0]!)],
});

export const reshapeGrad = reshapeLike('Reshape');
export const flattenGrad = reshapeLike('Flatten');

/** Axes of a Squeeze/Unsqueeze: the `axes` attribute before opset 13, a constant input from 13. */
function axesOf(ctx: VjpContext, n: Node): number[] | undefined {
  const attr = n.ints('axes');
  if (attr) return attr;
  const inp = n.input(1);
  if (!inp) return undefined;
  const v = ctx.value(inp)?.data;
  if (!v || v.some((d) => typeof d !== 'number')) ctx.unsupported('the axes input is not a compile-time constant');
  return v as number[];
}

/** Squeeze: dX = Unsqueeze(G, squeezed axes); no axes = every static 1-dim of X. */
export const squeezeGrad: GradRule = {
  opType: 'Squeeze',
  differentiable: [0],
  vjp: (ctx) => {
    const { node, e, grad } = ctx;
    const xs = ctx.info(node.inputs[0]!).shape;
    const given = axesOf(ctx, node);
    // Inference decided which dims were dropped when no axes are given; follow it exactly.
    const axes = (given ?? xs.flatMap((d, i) => (d === 1 ? [i] : []))).map((a) => normAxis(a, xs.length));
    if (axes.length === 0) return [grad()!];
    return [e.unsqueeze(grad()!, [...new Set(axes)].sort((a, b) => a - b))];
  },
};

/** Unsqueeze: dX = Squeeze(G, inserted axes), the axes taken against the output rank. */
export const unsqueezeGrad: GradRule = {
  opType: 'Unsqueeze',
  differentiable: [0],
  vjp: (ctx) => {
    const { node, e, grad } = ctx;
    const r = ctx.info(node.outputs[0]!).shape.length;
    const axes = (axesOf(ctx, node) ?? []).map((a) => normAxis(a, r));
    if (axes.length === 0) return [grad()!];
    return [e.squeeze(grad()!, [...new Set(axes)].sort((a, b) => a - b))];
  },
};
