/**
 * onnxruntime's CPU kernels refuse `layout = 1` (batch-major) LSTM/GRU/RNN nodes. To check such
 * nodes, this rewrites every recurrent node with layout 1 into the same function in layout 0:
 * Transpose of X and of the initial states, the node in layout 0, Transpose of its outputs back.
 */
import type { ModelProto, NodeProto } from '@axplain/onnx';
import { onnx } from '@axplain/onnx';

const RECURRENT = new Set(['LSTM', 'GRU', 'RNN']);

export function toLayout0(model: ModelProto): ModelProto {
  const m = onnx.ModelProto.decode(onnx.ModelProto.encode(model).finish());
  const nodes: NodeProto[] = [];
  let k = 0;
  const tr = (input: string, perm: number[], output = `layout0_${k++}`): string => {
    nodes.push({ opType: 'Transpose', input: [input], output: [output], name: `layout0_t${k++}`, attribute: [{ name: 'perm', type: 7, ints: perm }] });
    return output;
  };
  for (const n of m.graph!.node ?? []) {
    const layout = (n.attribute ?? []).find((a) => a.name === 'layout');
    if (!RECURRENT.has(n.opType ?? '') || !layout || Number(layout.i) !== 1) { nodes.push(n); continue; }
    const ins = [...(n.input ?? [])];
    ins[0] = tr(ins[0]!, [1, 0, 2]);
    for (const s of [5, 6]) if (ins[s]) ins[s] = tr(ins[s]!, [1, 0, 2]);
    const outs = (n.output ?? []).map((o) => (o ? `${o}_layout0` : o));
    nodes.push({ ...n, input: ins, output: outs, attribute: (n.attribute ?? []).filter((a) => a.name !== 'layout') });
    (n.output ?? []).forEach((o, i) => { if (o) tr(outs[i]!, i === 0 ? [2, 0, 1, 3] : [1, 0, 2], o); });
  }
  m.graph!.node = nodes;
  return m;
}
