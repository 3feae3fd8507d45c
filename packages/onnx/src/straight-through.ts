/**
 * Straight-through gradients for quantised (QDQ) graphs. A QuantizeLinear -> DequantizeLinear pair
 * on an activation makes the output a step function of the input (its true derivative is zero
 * almost everywhere), so the backward pass treats the rounding as the identity — the
 * straight-through estimator — but not the saturation: where x / s + zp falls outside the integer
 * range the pair is flat, exactly as a Clip (Bengio, Leonard, Courville, "Estimating or Propagating
 * Gradients Through Stochastic Neurons for Conditional Computation", 2013; PyTorch's fake-quantise
 * backward does the same). Quantisers fold ReLUs into a uint8 zero point of 0, so without the mask
 * the gradient would pass every negative pre-activation as if the network had no ReLU at all.
 * The forward is untouched: the compiled model computes exactly what the original does.
 * DequantizeLinear of a constant (quantised weights) stays a constant.
 */
import { numbers } from './const-value.js';
import type { Emitter } from './emit/emitter.js';
import type { Graph } from './graph.js';
import { integerRange } from './quant-spec.js';
import { alongAxis } from './rules/quant/util.js';
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

/**
 * The cotangent `grad` of a straight-through pair's output passed to its float input: kept where
 * the QuantizeLinear's unrounded value x / s + zp lies in its integer range, 0 where it saturates.
 * `fail` reports a quantiser this cannot mask (blocked quantisation, an unknown integer type).
 */
export function straightThroughGrad(e: Emitter, g: Graph, dq: Node, grad: string, fail: (detail: string) => never): string {
  const q = g.producer.get(dq.inputs[0]!)!;
  if (q.int('block_size', 0) > 0) fail('blocked quantisation (block_size > 0) is not supported');
  const range = integerRange(e.elemType(q.outputs[0]!));
  if (!range) return fail(`quantising to element type ${e.elemType(q.outputs[0]!)} is not supported (8-, 16- and 32-bit integers are)`);
  const [x, s] = q.inputs as [string, string];
  const zp = q.input(2);
  // Per-tensor constant scale and zero point (how activations are quantised): compare x with the
  // float bounds (qmin - zp) s and (qmax - zp) s, folded now — four nodes per pair.
  const sv = numbers(g.value(s)), zv = zp ? numbers(g.value(zp)) : [0];
  if (sv?.length === 1 && zv?.length === 1 && sv[0]! > 0) {
    const lo = (range[0] - zv[0]!) * sv[0]!, hi = (range[1] - zv[0]!) * sv[0]!;
    return e.mask(e.and(e.greaterOrEqual(x, e.scalarLike(lo, x)), e.lessOrEqual(x, e.scalarLike(hi, x))), grad);
  }
  const axis = q.int('axis', 1), r = e.rank(x);
  let z = e.div(x, alongAxis(e, s, axis, r));
  if (zp) z = e.add(z, alongAxis(e, e.cast(zp, e.elemType(x)), axis, r));
  const inside = e.and(e.greaterOrEqual(z, e.scalarLike(range[0], z)), e.lessOrEqual(z, e.scalarLike(range[1], z)));
  return e.mask(inside, grad);
}
