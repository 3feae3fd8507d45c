/**
 * LayerNormalization over axes [axis, r), Y = Scale xhat + B: dX = inv (gs - mean(gs) - xhat mean(gs xhat))
 * with gs = G Scale; dScale = sum G xhat; dB = sum G. Cotangents of the Mean / InvStdDev outputs add
 * gMean / n and -gInv inv^2 xhat / n (n = normalised element count).
 */
import { isStatic, normAxis, numel } from '../../dims.js';
import type { GradRule } from '../types.js';
import { standardize, standardizeBackward } from './util.js';

export const layerNormalizationGrad: GradRule = {
  opType: 'LayerNormalization',
  differentiable: [0, 1, 2],
  sinceOpset: 17,
  vjp: (ctx) => {
    const { node, e, grad, needs } = ctx;
    const x = node.inputs[0]!;
    const scale = node.inputs[1]!;
    const b = node.input(2);
    const r = e.rank(x);
    const a = normAxis(node.int('axis', -1), r);
    const axes = Array.from({ length: r - a }, (_, i) => a + i);
    const { xhat, inv } = standardize(e, x, axes, node.float('epsilon', 1e-5));
    const [g, gMean, gInv] = [grad(0), grad(1), grad(2)];
    const res: (string | undefined)[] = [undefined, undefined, undefined];

    if (needs(0)) {
      const terms: string[] = [];
      if (g) terms.push(standardizeBackward(e, e.mul(g, scale), xhat, inv, axes));
      if (gMean || gInv) {
        const normShape = e.shape(x).slice(a);
        if (!isStatic(normShape)) return ctx.unsupported('differentiating the Mean/InvStdDev outputs needs static normalised dims');
        const n = numel(normShape);
        const asX = (t: string): string => (e.elemType(t) === e.elemType(x) ? t : e.cast(t, e.elemType(x)));
        if (gInv) terms.push(e.mul(e.scale(asX(gInv), -1 / n), e.mul(e.mul(inv, inv), xhat)));
        // The Mean term has the statistics' shape: broadcast it against X (through Add, or Expand when alone).
        if (gMean) {
          const t = e.scale(asX(gMean), 1 / n);
          terms.push(terms.length ? t : e.op1('Expand', [t, e.shapeOf(x)]));
        }
      }
      res[0] = terms.reduce((acc, t) => e.add(acc, t));
    }
    if (needs(1) || needs(2)) {
      if (!g) {
        // Scale and B only affect Y: without a cotangent for Y their cotangents are zero.
        if (needs(1)) res[1] = e.zerosLike(scale);
        if (needs(2)) res[2] = e.zerosLike(b!);
      } else {
        if (needs(1)) res[1] = e.unbroadcast(e.mul(g, xhat), scale);
        if (needs(2)) res[2] = e.unbroadcast(g, b!);
      }
    }
    return res;
  },
};
