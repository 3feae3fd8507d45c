/** DepthToSpace is Reshape -> Transpose -> Reshape, a permutation of elements: dX = Reshape(Transpose^-1(Reshape(G))). */
import type { Dim } from '../../dims.js';
import type { GradRule, VjpContext } from '../types.js';

/** Inverse of a permutation. */
export const invertPerm = (p: readonly number[]): number[] => {
  const inv = new Array<number>(p.length);
  p.forEach((v, i) => { inv[v] = i; });
  return inv;
};

/**
 * Cotangent of a blocked data movement `X -> reshape(split) -> transpose(perm) -> reshape(out)`:
 * G reshaped to the transposed split shape, transposed back, reshaped to X. Symbolic dims in the
 * split shape are read from X's runtime shape.
 */
export function blockMoveVjp(ctx: VjpContext, split: Dim[], perm: number[]): string {
  const { node, e } = ctx;
  const x = node.inputs[0]!;
  const g = e.reshape(ctx.grad()!, perm.map((p) => split[p]!), x);
  return e.reshapeLike(e.transpose(g, invertPerm(perm)), x);
}

/** [N, C, H, W] with static C and blocksize b; checks divisibility. */
export function blockGeometry(ctx: VjpContext): { n: Dim; c: number; h: Dim; w: Dim; b: number } {
  const { node } = ctx;
  const s = ctx.info(node.inputs[0]!).shape;
  const b = node.int('blocksize', 0);
  if (s.length !== 4) ctx.unsupported(`input of rank ${s.length} (expected 4)`);
  if (!(b >= 1)) ctx.unsupported(`blocksize ${b}`);
  const c = s[1]!;
  if (typeof c !== 'number') ctx.unsupported(`dynamic channel dim '${c}'`);
  return { n: s[0]!, c: c as number, h: s[2]!, w: s[3]!, b };
}

export const depthToSpaceGrad: GradRule = {
  opType: 'DepthToSpace',
  differentiable: [0],
  vjp: (ctx) => {
    const { n, c, h, w, b } = blockGeometry(ctx);
    const mode = ctx.opset >= 11 ? ctx.node.str('mode', 'DCR') : 'DCR';
    const co = c / (b * b);
    // DCR reads the channel as (b_h, b_w, c'), CRD as (c', b_h, b_w).
    if (mode === 'DCR') return [blockMoveVjp(ctx, [n, b, b, co, h, w], [0, 3, 4, 1, 5, 2])];
    if (mode === 'CRD') return [blockMoveVjp(ctx, [n, co, b, b, h, w], [0, 1, 4, 2, 5, 3])];
    return ctx.unsupported(`mode '${mode}' is not supported`);
  },
};
