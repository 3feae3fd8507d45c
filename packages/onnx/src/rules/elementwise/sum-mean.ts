/** Sum: dXi = G; Mean: dXi = G / n; each summed over the axes input i was broadcast along. */
import type { GradRule } from '../types.js';

const variadic = (opType: 'Sum' | 'Mean'): GradRule => ({
  opType,
  differentiable: (node) => node.inputs.map((_, i) => i),
  vjp: ({ node, e, grad, needs }) => {
    const g = grad()!;
    const scaled = opType === 'Mean' ? e.scale(g, 1 / node.inputs.length) : g;
    return node.inputs.map((x, i) => (needs(i) ? e.unbroadcast(scaled, x) : undefined));
  },
});

export const sumGrad = variadic('Sum');
export const meanGrad = variadic('Mean');
