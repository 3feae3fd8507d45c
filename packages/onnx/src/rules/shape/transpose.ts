/** Transpose: dX = Transpose(G, inverse(perm)); the default perm reverses the axes. */
import type { GradRule } from '../types.js';

export const transposeGrad: GradRule = {
  opType: 'Transpose',
  differentiable: [0],
  vjp: ({ node, e, grad, info }) => {
    const r = info(node.inputs[0]!).shape.length;
    const perm = node.ints('perm') ?? Array.from({ length: r }, (_, i) => r - 1 - i);
    const inv = new Array<number>(r);
    perm.forEach((p, i) => { inv[p] = i; });
    return [e.transpose(grad()!, inv)];
  },
};
