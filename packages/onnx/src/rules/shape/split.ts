/** Split: dX = Concat(G_0, ..., G_k) along `axis`, zeros for outputs that do not reach the result. */
import { normAxis } from '../../dims.js';
import type { GradRule } from '../types.js';
import { zerosLike } from './util.js';

export const splitGrad: GradRule = {
  opType: 'Split',
  differentiable: [0],
  vjp: ({ node, e, grad, info }) => {
    const axis = normAxis(node.int('axis', 0), info(node.inputs[0]!).shape.length);
    const parts = node.outputs.map((y, k) => grad(k) ?? zerosLike(e, y));
    return [e.concat(parts, axis)];
  },
};
