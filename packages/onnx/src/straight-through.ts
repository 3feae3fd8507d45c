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
 * DequantizeLinear of a constant (quantised weights) stays a constant: `dequantizedWeights` gives
 * its values to the rules that transform weights at compile time (a Conv's input gradient as one
 * ordinary Conv, not a ConvTranspose of the run-time DequantizeLinear output).
 */
import type { Emitter } from './emit/emitter.js';
import type { Graph } from './graph.js';
import { dequantisedValues, quantizeInRange } from './rules/quant/util.js';
import type { Node } from './node.js';
import { isFloatType, tensorValues, toNum } from './proto.js';

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
  return e.mask(quantizeInRange(e, g.producer.get(dq.inputs[0]!)!, (name) => g.value(name), fail), grad);
}

/**
 * Values of `name` when it is DequantizeLinear(q, scale, zero point) of constant initializers
 * (per-tensor or per-axis; no blocked quantisation): (q - zp) * s in the scale's float type.
 */
export function dequantizedWeights(g: Graph, name: string): { elemType: number; dims: number[]; data: number[] } | undefined {
  const n = g.producer.get(name);
  if (!n || n.opType !== 'DequantizeLinear' || (n.domain !== '' && n.domain !== 'ai.onnx') || n.int('block_size', 0) > 0) return undefined;
  const [qt, st] = [g.constantInitializer(n.inputs[0]!), g.constantInitializer(n.inputs[1]!)];
  const zpName = n.input(2);
  const zt = zpName ? g.constantInitializer(zpName) : undefined;
  if (!qt || !st || (zpName && !zt) || !isFloatType(st.dataType ?? 0)) return undefined;
  const dims = (qt.dims ?? []).map(toNum);
  const q = tensorValues(qt), s = tensorValues(st), z = zt ? tensorValues(zt) : [0];
  const a0 = n.int('axis', 1);
  const axis = a0 < 0 ? a0 + dims.length : a0;
  const len = dims[axis] ?? 1;
  if ((s.length !== 1 && s.length !== len) || (z.length !== 1 && z.length !== len)) return undefined;
  return { elemType: st.dataType!, dims, data: dequantisedValues(q, s, z, dims, axis) };
}
