/** Pow: Y = A^B, dA = G·B·A^(B-1), dB = G·Y·ln A (taken as 0 where A <= 0, where it is undefined). */
import type { GradRule } from '../types.js';
import { k, safeLog, uniformConstant } from './util.js';

export const powGrad: GradRule = {
  opType: 'Pow',
  differentiable: [0, 1],
  vjp: (ctx) => {
    const { node, e, needs } = ctx;
    const [a, b] = node.inputs as [string, string];
    const y = node.outputs[0]!;
    const g = ctx.grad()!;
    let da: string | undefined;
    if (needs(0)) {
      // Exponents are usually constants (x², x^0.5): fold them into the emitted graph.
      const c = needs(1) ? undefined : uniformConstant(ctx, b);
      let local: string | undefined;
      if (c === 0) da = e.zerosLike(a);
      else if (c === 1) local = g;
      else if (c === 2) local = e.scale(e.mul(g, a), 2);
      else if (c !== undefined) local = e.scale(e.mul(g, e.op1('Pow', [a, k(e, c - 1, a)])), c);
      else {
        // From opset 12 the exponent may be an integer tensor; the arithmetic needs it as A's type.
        const bf = e.elemType(b) === e.elemType(a) ? b : e.cast(b, e.elemType(a));
        local = e.mul(g, e.mul(bf, e.op1('Pow', [a, e.sub(bf, k(e, 1, bf))])));
      }
      if (local) da = e.unbroadcast(local, a);
    }
    let db: string | undefined;
    if (needs(1)) {
      const local = e.mul(e.mul(g, y), safeLog(e, a));
      // Opset 12+ allows a float exponent of another float type than the base.
      db = e.unbroadcast(e.elemType(b) === e.elemType(a) ? local : e.cast(local, e.elemType(b)), b);
    }
    return [da, db];
  },
};
