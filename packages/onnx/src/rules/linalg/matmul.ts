/** MatMul: dA = G B^T, dB = A^T G (last two axes), summed over broadcast batch axes; 1-D operands via a unit axis. */
import type { Emitter } from '../../emit/emitter.js';
import type { GradRule } from '../types.js';

/** Swaps the last two axes (rank >= 2). */
const swapLast = (e: Emitter, x: string): string => {
  const r = e.rank(x);
  const perm = Array.from({ length: r }, (_, i) => i);
  perm[r - 2] = r - 1;
  perm[r - 1] = r - 2;
  return e.transpose(x, perm);
};

export const matmulGrad: GradRule = {
  opType: 'MatMul',
  differentiable: [0, 1],
  vjp: ({ node, e, grad, needs }) => {
    const [a, b] = node.inputs as [string, string];
    const ra = e.rank(a);
    const rb = e.rank(b);
    // Lift 1-D operands to matrices and give G the matching unit axes back.
    const a2 = ra === 1 ? e.unsqueeze(a, [0]) : a;
    const b2 = rb === 1 ? e.unsqueeze(b, [1]) : b;
    let g = grad()!;
    if (ra === 1) g = e.unsqueeze(g, [Math.max(e.rank(g) - (rb === 1 ? 0 : 1), 0)]);
    if (rb === 1) g = e.unsqueeze(g, [e.rank(g)]);

    let da: string | undefined;
    let db: string | undefined;
    if (needs(0)) {
      const full = e.op1('MatMul', [g, swapLast(e, b2)]);
      da = e.reshapeLike(e.unbroadcast(full, a2), a);
    }
    if (needs(1)) {
      const sa = e.shape(a2);
      const k = sa[sa.length - 1]!;
      const cols = e.shape(g)[e.rank(g) - 1]!;
      if (e.rank(b2) === 2 && sa.length > 2 && typeof k === 'number' && typeof cols === 'number') {
        // B is shared by every batch element: fold the batch into the rows instead of
        // materialising one [K, N] product per batch element and summing them.
        const a2d = e.op1('Reshape', [a2, e.int64s([-1, k])]);
        const g2d = e.op1('Reshape', [g, e.int64s([-1, cols])]);
        db = e.reshapeLike(e.op1('MatMul', [e.transpose(a2d, [1, 0]), g2d]), b);
      } else {
        const full = e.op1('MatMul', [swapLast(e, a2), g]);
        db = e.reshapeLike(e.unbroadcast(full, b2), b);
      }
    }
    return [da, db];
  },
};
