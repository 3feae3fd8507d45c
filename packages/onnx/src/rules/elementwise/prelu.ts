/** PRelu: Y = X (X > 0) or slope·X; dX = G or slope·G, dSlope = Σ G·X over X <= 0 (to slope's shape). */
import type { GradRule } from '../types.js';
import { k } from './util.js';

export const preluGrad: GradRule = {
  opType: 'PRelu',
  differentiable: [0, 1],
  vjp: ({ node, e, grad, needs }) => {
    const [x, slope] = node.inputs as [string, string];
    const g = grad()!;
    // From opset 7 the slope broadcasts numpy-style (unidirectionally) to X.
    const pos = e.greater(x, k(e, 0, x));
    return [
      needs(0) ? e.where(pos, g, e.mul(g, slope)) : undefined,
      needs(1) ? e.unbroadcast(e.mask(e.not(pos), e.mul(g, x)), slope) : undefined,
    ];
  },
};
