/** SpaceToDepth is Reshape -> Transpose -> Reshape, a permutation of elements: dX = Reshape(Transpose^-1(Reshape(G))). */
import type { Dim } from '../../dims.js';
import type { GradRule } from '../types.js';
import { blockGeometry, blockMoveVjp } from './depth-to-space.js';

const div = (d: Dim, b: number): Dim => (typeof d === 'number' ? d / b : `${d}/${b}`);

export const spaceToDepthGrad: GradRule = {
  opType: 'SpaceToDepth',
  differentiable: [0],
  vjp: (ctx) => {
    const { n, c, h, w, b } = blockGeometry(ctx);
    if (typeof h !== 'number' || typeof w !== 'number') ctx.unsupported(`dynamic spatial dims ${h}x${w}`);
    // The output channel is (b_h, b_w, c) (DCR order).
    return [blockMoveVjp(ctx, [n, c, div(h, b), b, div(w, b), b], [0, 3, 5, 1, 2, 4])];
  },
};
