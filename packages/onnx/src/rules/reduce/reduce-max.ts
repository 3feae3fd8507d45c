/**
 * ReduceMax / ReduceMin: dX = G * M / count, M = (X == Y) the positions attaining the extremum.
 * Ties split G evenly among the tied positions (count = their number), as torch.amax does; the
 * split is symmetric, so it does not depend on element order.
 */
import type { GradRule } from '../types.js';
import { keepAxes, reduceRule } from './util.js';

const extremum = (opType: 'ReduceMax' | 'ReduceMin'): GradRule => reduceRule(opType, ({ e, node }, spec, g) => {
  const x = node.inputs[0]!;
  const y = keepAxes(e, spec, node.outputs[0]!);
  const mask = e.cast(e.equal(x, y), e.elemType(x));
  const count = e.reduceSum(mask, spec.axes, true);
  return e.mul(mask, e.div(keepAxes(e, spec, g), count));
});

export const reduceMaxGrad = extremum('ReduceMax');
export const reduceMinGrad = extremum('ReduceMin');
