/**
 * BatchNormalization (inference form), k = scale / sqrt(var + eps), xhat = (X - mean) / sqrt(var + eps):
 * dX = G k; dScale = sum G xhat; dB = sum G; dMean = -k sum G; dVar = -dScale k / (2 sqrt(var + eps)).
 */
import type { GradRule, VjpContext } from '../types.js';
import { BROADCAST_OPSET, otherAxes } from './util.js';

export const batchNormalizationGrad: GradRule = {
  opType: 'BatchNormalization',
  differentiable: [0, 1, 2, 3, 4],
  sinceOpset: BROADCAST_OPSET,
  vjp: (ctx) => {
    const { node, e, grad, needs, opset } = ctx;
    rejectTraining(ctx);
    const [x, scale, b, mean, variance] = node.inputs as [string, string, string, string, string];
    const et = e.elemType(x);
    if ([scale, b, mean, variance].some((p) => e.elemType(p) !== et))
      ctx.unsupported('scale, B, mean and var must have the element type of X (mixed T/T1/T2 types are not supported)');
    const g = grad()!;
    const r = e.rank(x);
    // spatial = 0 (opset 7-8): parameters are per activation, shaped like X without its batch axis.
    const spatial = opset >= 9 || node.int('spatial', 1) === 1;
    if (!spatial && e.rank(scale) !== r - 1) ctx.unsupported(`spatial=0 needs scale of rank ${r - 1}, got rank ${e.rank(scale)}`);
    const bcast = (p: string): string => (spatial && r > 2 ? e.unsqueeze(p, otherAxes(r, [0, 1]).map((i) => i - 1)) : p);
    const redAxes = spatial ? otherAxes(r, [1]) : [0];
    const toParam = (t: string, like: string): string => e.reshapeLike(e.reduceSum(t, redAxes, false), like);

    const inv = e.op1('Reciprocal', [e.op1('Sqrt', [e.add(variance, e.scalarLike(node.float('epsilon', 1e-5), variance))])]);
    const k = e.mul(scale, inv);
    const needDScale = needs(1) || needs(4);
    const dScale = needDScale ? toParam(e.mul(g, e.mul(e.sub(x, bcast(mean)), bcast(inv))), scale) : undefined;
    const dB = needs(2) || needs(3) ? toParam(g, b) : undefined;
    return [
      needs(0) ? e.mul(g, bcast(k)) : undefined,
      needs(1) ? dScale : undefined,
      needs(2) ? dB : undefined,
      needs(3) ? e.reshapeLike(e.neg(e.mul(dB!, k)), mean) : undefined,
      needs(4) ? e.reshapeLike(e.mul(e.mul(dScale!, k), e.scale(inv, -0.5)), variance) : undefined,
    ];
  },
};

/** Training mode normalises with batch statistics, a different function: refuse it. */
function rejectTraining(ctx: VjpContext): void {
  const { node, opset } = ctx;
  if (opset >= 14) {
    if (node.int('training_mode', 0) !== 0) ctx.unsupported('training_mode=1 (batch statistics) is not supported; export the model in inference mode');
    return;
  }
  // Before opset 14 the training form is the one with the optional statistics outputs.
  if (node.outputs.slice(1).some((o) => o)) ctx.unsupported('the training form (outputs mean/var/saved_mean/saved_var) is not supported; export the model in inference mode');
}
