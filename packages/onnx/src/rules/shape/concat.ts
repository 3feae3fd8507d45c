/** Concat: dX_k = the slice of G along `axis` that X_k occupies. */
import { normAxis } from '../../dims.js';
import type { GradRule } from '../types.js';

// "To the end": any end past the extent works; 2^63-1 itself is not exact in a JS number.
const TO_END = Number.MAX_SAFE_INTEGER;

export const concatGrad: GradRule = {
  opType: 'Concat',
  differentiable: (n) => n.inputs.map((_, i) => i),
  vjp: ({ node, e, grad, needs, info, unsupported }) => {
    const g = grad()!;
    const xs = node.inputs;
    const axis = normAxis(node.int('axis', 1), info(xs[0]!).shape.length);
    const ext = xs.map((x) => info(x).shape[axis]!);
    if (ext.every((d) => typeof d === 'number')) {
      const pieces = e.split(g, ext as number[], axis);
      return xs.map((_, k) => (needs(k) ? pieces[k] : undefined));
    }
    // A symbolic extent (concatenation along a dynamic axis): with at most one of them, offsets
    // before it count from the start and offsets after it from the end, so all stay static.
    const sym = ext.findIndex((d) => typeof d !== 'number');
    if (ext.filter((d) => typeof d !== 'number').length > 1)
      unsupported(`Concat along axis ${axis} with more than one input of dynamic extent`);
    const num = (k: number) => ext[k] as number;
    let before = 0;
    return xs.map((x, k) => {
      const s = before;
      let after = 0;
      for (let j = k + 1; j < xs.length; j++) after += j === sym ? 0 : num(j);
      if (k !== sym) before += num(k);
      if (!needs(k)) return undefined;
      let start: number; let end: number;
      if (k < sym) { start = s; end = s + num(k); } else if (k === sym) { start = s; end = after === 0 ? TO_END : -after; } else {
        start = -(after + num(k)); end = after === 0 ? TO_END : -after;
      }
      // Inference cannot name the sliced symbolic extent: restore X_k's own shape.
      return e.reshapeLike(e.slice(g, [start], [end], [axis]), x);
    });
  },
};
