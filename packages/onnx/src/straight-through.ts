/**
 * Straight-through gradients for quantised (QDQ) graphs. A QuantizeLinear -> DequantizeLinear pair
 * on an activation makes the output a step function of the input (its true derivative is zero
 * almost everywhere), so the backward pass treats the pair as the identity — the straight-through
 * estimator. The forward is untouched: the compiled model computes exactly what the original does.
 * DequantizeLinear of a constant (quantised weights) stays a constant.
 */
import type { Graph } from './graph.js';
import type { Node } from './node.js';
import { isFloatType } from './proto.js';

/** DequantizeLinear nodes fed by a QuantizeLinear of a float tensor -> that float tensor. */
export function straightThroughPairs(g: Graph): Map<Node, string> {
  const out = new Map<Node, string>();
  for (const n of g.nodes) {
    if (n.opType !== 'DequantizeLinear' || (n.domain !== '' && n.domain !== 'ai.onnx')) continue;
    const q = g.producer.get(n.inputs[0]!);
    if (!q || q.opType !== 'QuantizeLinear' || (q.domain !== '' && q.domain !== 'ai.onnx')) continue;
    const x = q.inputs[0]!;
    const xi = g.tryInfo(x);
    const yi = g.tryInfo(n.outputs[0]!);
    if (xi && yi && isFloatType(xi.elemType) && xi.elemType === yi.elemType) out.set(n, x);
  }
  return out;
}
