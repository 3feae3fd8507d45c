/** Gemm Y = alpha op(A) op(B) + beta C: d op(A) = alpha G op(B)^T, d op(B) = alpha op(A)^T G, dC = beta G summed to C's shape. */
import type { Emitter } from '../../emit/emitter.js';
import type { GradRule } from '../types.js';

/**
 * alpha * op(x) op(y) with op = transpose where the flag is set. From opset 11 C is optional, so
 * this is one Gemm; before that (C required) it is Transpose + MatMul + Mul.
 */
const product = (e: Emitter, x: string, tx: boolean, y: string, ty: boolean, alpha: number): string => {
  if (e.opset >= 11) return e.op1('Gemm', [x, y], { alpha: { f: alpha }, transA: tx ? 1 : 0, transB: ty ? 1 : 0 });
  const mm = e.op1('MatMul', [tx ? e.transpose(x, [1, 0]) : x, ty ? e.transpose(y, [1, 0]) : y]);
  return e.scale(mm, alpha);
};

export const gemmGrad: GradRule = {
  opType: 'Gemm',
  differentiable: [0, 1, 2],
  vjp: ({ node, e, grad, needs }) => {
    const [a, b] = node.inputs as [string, string];
    const c = node.input(2);
    const alpha = node.float('alpha', 1);
    const beta = node.float('beta', 1);
    const ta = node.int('transA', 0) === 1;
    const tb = node.int('transB', 0) === 1;
    const g = grad()!;
    // With A' = op(A), B' = op(B): dA' = alpha G B'^T and dB' = alpha A'^T G; transposing back
    // when the flag is set folds into the transpose flags of one product.
    const da = needs(0) ? (ta ? product(e, b, tb, g, true, alpha) : product(e, g, false, b, !tb, alpha)) : undefined;
    const db = needs(1) ? (tb ? product(e, g, true, a, ta, alpha) : product(e, a, !ta, g, false, alpha)) : undefined;
    const dc = c && needs(2) ? e.unbroadcast(e.scale(g, beta), c) : undefined;
    return [da, db, dc];
  },
};
