/** Tile: Y[t*d + i] = X[i] per axis, so dX = ReduceSum over t of Reshape(G, [.., r_k, d_k, ..]). */
import type { Dim } from '../../dims.js';
import { numbers } from '../../const-value.js';
import type { GradRule } from '../types.js';

export const tileGrad: GradRule = {
  opType: 'Tile',
  differentiable: [0],
  sinceOpset: 6,
  vjp: ({ node, e, grad, info, value, unsupported }) => {
    const x = node.inputs[0]!;
    const xs = info(x).shape;
    const reps = numbers(value(node.inputs[1]!));
    if (!reps) unsupported('the repeats input is not a compile-time constant');
    // Only axes actually repeated are split in two; the others keep their (maybe symbolic) dim.
    const dims: Dim[] = [];
    const sumAxes: number[] = [];
    xs.forEach((d, i) => {
      if (reps![i] !== 1) { sumAxes.push(dims.length); dims.push(reps![i]!); }
      dims.push(d);
    });
    if (sumAxes.length === 0) return [grad()!];
    const g = e.reshape(grad()!, dims, x);
    return [e.reshapeLike(e.reduceSum(g, sumAxes, false), x)];
  },
};
