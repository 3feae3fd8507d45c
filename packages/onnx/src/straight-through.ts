/**
 * Straight-through gradients for quantised (QDQ) graphs. A QuantizeLinear -> DequantizeLinear pair
 * on an activation makes the output a step function of the input (its true derivative is zero
 * almost everywhere), so the backward pass treats the rounding as the identity — the
 * straight-through estimator — but not the saturation: where x / s + zp falls outside the integer
 * range the pair is flat, exactly as a Clip (Bengio, Leonard, Courville, "Estimating or Propagating
 * Gradients Through Stochastic Neurons for Conditional Computation", 2013; PyTorch's fake-quantise
 * backward does the same). Quantisers fold ReLUs into a uint8 zero point of 0, so without the mask
 * the gradient would pass every negative pre-activation as if the network had no ReLU at all.
 * The forward computes exactly what the original does (a DequantizeLinear of constants whose
 * Conv cannot fuse into QLinearConv becomes its float values: fold-weight-dequantize.ts).
 * DequantizeLinear of a constant (quantised weights) stays a constant: `dequantizedWeights` gives
 * its values to the rules that transform weights at compile time (a Conv's input gradient as one
 * ordinary Conv, not a ConvTranspose of the run-time DequantizeLinear output).
 */
import type { Emitter } from './emit/emitter.js';
import type { Graph } from './graph.js';
import { dequantisedValues, quantizeInRange } from './rules/quant/util.js';
import type { Node } from './node.js';
import { DT, isFloatType, tensorValues, toNum } from './proto.js';

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
  if (onOwnGrid(g, q)) return grad;
  return e.mask(quantizeInRange(e, q, (name) => g.value(name), fail), grad);
}

/** Ops whose outputs are some of their data input's values, rearranged (no arithmetic). */
const REARRANGING = new Set(['Reshape', 'Transpose', 'Flatten', 'Squeeze', 'Unsqueeze', 'Identity', 'Split', 'Slice', 'Concat']);

/**
 * Whether QuantizeLinear `q` provably never saturates: its input is, through rearranging ops
 * only, DequantizeLinear outputs of the same integer type with the same per-tensor scale and zero
 * point, so every value is (k - zp) * s for an integer k in range and x / s + zp lies in it. The
 * requantisations after a channel shuffle, a Split or a Concat of equally scaled branches then
 * need no mask (74 of the model zoo's int8 ShuffleNet v2's 150 quantisers).
 */
export function onOwnGrid(g: Graph, q: Node): boolean {
  const [s, zp] = [scalarConstant(g, q.inputs[1]), scalarConstant(g, q.input(2))];
  const type = g.tryInfo(q.outputs[0]!)?.elemType;
  if (s === undefined || !(s > 0) || (q.input(2) && zp === undefined) || type === undefined) return false;
  const seen = new Set<string>();
  const check = (name: string): boolean => {
    if (seen.has(name)) return true;
    seen.add(name);
    const n = g.producer.get(name);
    if (!n || (n.domain !== '' && n.domain !== 'ai.onnx')) return false;
    if (n.opType === 'DequantizeLinear') {
      return n.int('block_size', 0) === 0 && g.tryInfo(n.inputs[0]!)?.elemType === type
        && scalarConstant(g, n.inputs[1]) === s && (scalarConstant(g, n.input(2)) ?? 0) === (zp ?? 0);
    }
    if (!REARRANGING.has(n.opType)) return false;
    return n.opType === 'Concat' ? n.inputs.every((i) => i === '' || check(i)) : check(n.inputs[0]!);
  };
  return check(q.inputs[0]!);
}

/** The one value of a constant scale or zero point (undefined when absent, run-time or per-axis). */
function scalarConstant(g: Graph, name: string | undefined): number | undefined {
  const t = name ? g.constantInitializer(name) : undefined;
  const v = t ? tensorValues(t) : undefined;
  return v?.length === 1 ? v[0] : undefined;
}

/**
 * Values of `name` when it is DequantizeLinear(q, scale, zero point) of constant initializers
 * (per-tensor or per-axis; no blocked quantisation): (q - zp) * s in the scale's float type, for
 * a float32 scale exactly the float32 values onnxruntime computes.
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
  return { elemType: st.dataType!, dims, data: dequantisedValues(q, s, z, dims, axis, st.dataType === DT.FLOAT) };
}
