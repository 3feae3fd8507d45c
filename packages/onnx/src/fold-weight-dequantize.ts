/**
 * Quantised weights as float constants in a QDQ model's gradient graph. onnxruntime keeps
 * DequantizeLinear of constant initializers out of constant folding, so that
 * DequantizeLinear -> Conv -> QuantizeLinear can fuse into QLinearConv. In the gradient graph
 * that fusion cannot happen where the backward reads the Conv's float output (the
 * straight-through saturation mask of the QuantizeLinear after it): the Conv runs in float on
 * weights dequantised again at every run, and, since they are not initializers, without the
 * prepacked (NCHWc) kernels a float Conv gets. There the DequantizeLinear is replaced by its
 * values, computed exactly as onnxruntime computes them (float32 (q - zp), times the float32
 * scale, rounded to float32), so the forward part computes the same numbers.
 */
import type { Graph } from './graph.js';
import type { Node } from './node.js';
import { DT, makeTensor, type NodeProto, type TensorProto } from './proto.js';
import { dequantizedWeights } from './straight-through.js';

/**
 * The DequantizeLinear nodes of constant initializers (float32 scale) among the forward nodes of
 * `g` whose every reader has an output that a `gradient` node reads, with their values as
 * float32 initializers named like their outputs (which stay readable by everything under the
 * same name: the nodes can simply be dropped).
 */
export function foldWeightDequantize(g: Graph, gradient: readonly NodeProto[]): { folded: Set<NodeProto>; initializers: TensorProto[] } {
  const readByGradient = new Set(gradient.flatMap((n) => n.input ?? []));
  const readers = new Map<string, Node[]>();
  for (const n of g.nodes) for (const i of n.inputs) readers.set(i, [...(readers.get(i) ?? []), n]);
  const outputs = new Set((g.model.graph!.output ?? []).map((o) => o.name!));
  const initializers: TensorProto[] = [];
  const folded = new Set<NodeProto>();
  for (const n of g.nodes) {
    const out = n.outputs[0]!;
    if (n.opType !== 'DequantizeLinear' || (n.domain !== '' && n.domain !== 'ai.onnx') || outputs.has(out)) continue;
    const users = readers.get(out) ?? [];
    if (users.length === 0 || !users.every((u) => u.outputs.some((o) => readByGradient.has(o)))) continue;
    const t = constantDequantize(g, n);
    if (!t) continue;
    initializers.push(t);
    folded.add(n.proto);
  }
  return { folded, initializers };
}

/** DequantizeLinear of constant initializers with a float32 scale, as a float32 initializer. */
function constantDequantize(g: Graph, n: Node): TensorProto | undefined {
  const w = dequantizedWeights(g, n.outputs[0]!);
  return w?.elemType === DT.FLOAT ? makeTensor(n.outputs[0]!, DT.FLOAT, w.dims, w.data) : undefined;
}
