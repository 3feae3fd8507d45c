/**
 * Norm-like reductions, with Y (reduced axes kept) broadcast against X:
 * ReduceL1 dX = G sign(X); ReduceL2 dX = G X / Y (0 where Y = 0); ReduceSumSquare dX = 2 G X;
 * ReduceLogSumExp dX = G exp(X - Y); ReduceLogSum dX = G / exp(Y).
 */
import type { Emitter } from '../../emit/emitter.js';
import type { GradRule } from '../types.js';
import { broadcastTo, keepAxes, reduceRule } from './util.js';

type Local = (e: Emitter, x: string, y: string, g: string) => string;

const rule = (opType: string, local: Local): GradRule => reduceRule(opType, ({ e, node }, spec, g) =>
  local(e, node.inputs[0]!, keepAxes(e, spec, node.outputs[0]!), keepAxes(e, spec, g)), 'unsupported');

/** sign(x); Sign exists from opset 9, before that (x > 0) - (x < 0). */
function sign(e: Emitter, x: string): string {
  if (e.opset >= 9) return e.op1('Sign', [x]);
  const t = e.elemType(x);
  const zero = e.scalarLike(0, x);
  return e.sub(e.cast(e.greater(x, zero), t), e.cast(e.less(x, zero), t));
}

export const reduceL1Grad = rule('ReduceL1', (e, x, _y, g) => e.mul(g, sign(e, x)));

export const reduceL2Grad = rule('ReduceL2', (e, x, y, g) => {
  // Y = 0 only when every X in the group is 0: dividing by 1 there gives the subgradient 0.
  const safe = e.add(y, e.cast(e.equal(y, e.scalarLike(0, y)), e.elemType(y)));
  return e.mul(e.div(x, safe), g);
});

export const reduceSumSquareGrad = rule('ReduceSumSquare', (e, x, _y, g) => e.mul(e.scale(g, 2), x));

export const reduceLogSumExpGrad = rule('ReduceLogSumExp', (e, x, y, g) => e.mul(g, e.op1('Exp', [e.sub(x, y)])));

export const reduceLogSumGrad = rule('ReduceLogSum', (e, x, y, g) => broadcastTo(e, e.div(g, e.op1('Exp', [y])), x));
