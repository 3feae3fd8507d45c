/**
 * InstanceNormalization, xhat standardised over the spatial axes per (n, c), Y = scale xhat + B:
 * dX = inv (gs - mean(gs) - xhat mean(gs xhat)) with gs = G scale; dScale = sum G xhat; dB = sum G.
 */
import type { GradRule } from '../types.js';
import { BROADCAST_OPSET, otherAxes, standardize, standardizeBackward } from './util.js';

export const instanceNormalizationGrad: GradRule = {
  opType: 'InstanceNormalization',
  differentiable: [0, 1, 2],
  sinceOpset: BROADCAST_OPSET,
  vjp: (ctx) => {
    const { node, e, grad, needs } = ctx;
    const [x, scale, b] = node.inputs as [string, string, string];
    const g = grad()!;
    const r = e.rank(x);
    if (r < 3) ctx.unsupported(`input rank ${r} < 3 (InstanceNormalization needs N x C x D1...)`);
    const spatial = otherAxes(r, [0, 1]);
    const bcast = (p: string): string => e.unsqueeze(p, spatial.map((i) => i - 1));
    const { xhat, inv } = standardize(e, x, spatial, node.float('epsilon', 1e-5));
    const perChannel = (t: string, like: string): string => e.reshapeLike(e.reduceSum(t, otherAxes(r, [1]), false), like);
    return [
      needs(0) ? standardizeBackward(e, e.mul(g, bcast(scale)), xhat, inv, spatial) : undefined,
      needs(1) ? perChannel(e.mul(g, xhat), scale) : undefined,
      needs(2) ? perChannel(g, b) : undefined,
    ];
  },
};
