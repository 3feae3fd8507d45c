/**
 * DynamicQuantizeLinear x -> (q, s, zp) with s and zp computed from x's range: straight-through,
 * dx = G_q / s. The scale and zero point are statistics of x, held constant: they carry no
 * derivative (their range covers x, so q never saturates).
 */
import type { GradRule } from '../types.js';

export const dynamicQuantizeLinearGrad: GradRule = {
  opType: 'DynamicQuantizeLinear',
  differentiable: [0],
  integerOutputs: true,
  differentiableOutputs: [0],
  sinceOpset: 11,
  vjp: ({ node, e, grad }) => [e.div(grad(0)!, node.outputs[1]!)],
};
