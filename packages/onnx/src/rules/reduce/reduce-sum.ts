/** ReduceSum: dX = broadcast(G); ReduceMean: dX = broadcast(G) / (number of reduced elements). */
import { isStatic } from '../../dims.js';
import type { GradRule } from '../types.js';
import { broadcastTo, keepAxes, reduceRule } from './util.js';

export const reduceSumGrad: GradRule = reduceRule('ReduceSum', ({ e, node }, spec, g) => broadcastTo(e, keepAxes(e, spec, g), node.inputs[0]!));

export const reduceMeanGrad: GradRule = reduceRule('ReduceMean', (ctx, spec, g) => {
  const { e, node } = ctx;
  const x = node.inputs[0]!;
  const xs = ctx.info(x).shape;
  const reduced = spec.axes.map((a) => xs[a]!);
  let gk = keepAxes(e, spec, g);
  if (isStatic(reduced)) gk = e.scale(gk, 1 / reduced.reduce((p, d) => p * d, 1));
  else {
    // A dynamic reduced extent (e.g. the batch): count = Size(X) / Size(Y) at run time.
    const size = (t: string) => e.cast(e.op1('Size', [t]), e.elemType(x));
    gk = e.div(gk, e.div(size(x), size(node.outputs[0]!)));
  }
  return broadcastTo(e, gk, x);
});
