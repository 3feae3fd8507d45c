/** Dropout at inference: Y = X, dX = G. Output 1 (the mask) and ratio/training_mode get no gradient. */
import type { GradRule } from '../types.js';

export const dropoutGrad: GradRule = {
  opType: 'Dropout',
  differentiable: [0],
  vjp: ({ node, e, grad, value, unsupported }) => {
    const x = node.inputs[0]!;
    // Only inference Dropout is an identity: reject a training_mode that may be true at run time.
    const tm = node.input(2);
    if (tm) {
      const v = value(tm);
      if (!v || v.data.some((d) => d !== 0))
        unsupported(`Dropout training_mode input '${tm}' is not a constant false (only inference Dropout is an identity)`);
    }
    const g = grad(0);
    return [g ?? e.zerosLike(x)];
  },
};
