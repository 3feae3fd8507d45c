/**
 * Builds the lowered form of one ONNX `LSTM` / `GRU` / `RNN` node as a standalone model of
 * standard ops (./unroll.ts): one graph input per operand present on the node, named by its
 * role (X, W, R, B, initialH, initialC, P), typed and shaped like the node's operands.
 */
import type { TensorInfo } from '../../dims.js';
import { Emitter } from '../../emit/emitter.js';
import { Graph } from '../../graph.js';
import { valueInfo } from '../../model-builder.js';
import type { Node } from '../../node.js';
import { onnx, type ModelProto, type ValueInfoProto } from '../../proto.js';
import type { RecurrentSpec } from './spec.js';
import { type RecurrentInputs, type RecurrentOutputs, unrollRecurrent } from './unroll.js';

/** Differentiable input slots of the ONNX schema: X, W, R, B, initial_h, initial_c, P (4 is sequence_lens). */
export const SLOTS: readonly { k: number; key: keyof RecurrentInputs }[] = [
  { k: 0, key: 'X' }, { k: 1, key: 'W' }, { k: 2, key: 'R' }, { k: 3, key: 'B' },
  { k: 5, key: 'initialH' }, { k: 6, key: 'initialC' }, { k: 7, key: 'P' },
];

export interface Lowered {
  /** The model; its `graph.node`, `initializer` and `output` are filled by `finish`. */
  model: ModelProto;
  graph: Graph;
  emitter: Emitter;
  inputs: ValueInfoProto[];
  /** Operand slots present on the node, in SLOTS order. */
  present: { k: number; key: keyof RecurrentInputs }[];
  outputs: RecurrentOutputs;
}

export function lowerRecurrent(
  n: Node, spec: RecurrentSpec, info: (name: string) => TensorInfo, opset: number, seq: number,
  options: { want?: { Y: boolean; Yh: boolean; Yc: boolean }; sequenceLens?: boolean } = {},
): Lowered {
  const present = SLOTS.filter(({ k }) => n.input(k) !== undefined && (n.opType === 'LSTM' || k <= 5));
  const inputs = present.map(({ k, key }) => {
    const i = info(n.input(k)!);
    return valueInfo(key, i.elemType, i.shape);
  });
  // sequence_lens (slot 4) is an input named 'sequenceLens' when the lengths may differ from seq.
  if (options.sequenceLens) {
    const i = info(n.input(4)!);
    inputs.push(valueInfo('sequenceLens', i.elemType, i.shape));
  }
  const model = onnx.ModelProto.create({
    irVersion: 8, opsetImport: [{ domain: '', version: opset }],
    graph: { name: `lowered_${n.opType}`, node: [], input: inputs, initializer: [], output: [] },
  });
  const graph = new Graph(model);
  const emitter = new Emitter(graph, 'lowered');
  const ins = Object.fromEntries(present.map(({ key }) => [key, key])) as unknown as RecurrentInputs;
  if (options.sequenceLens) ins.sequenceLens = 'sequenceLens';
  const outputs = unrollRecurrent(emitter, spec, ins, seq, options.want);
  return { model, graph, emitter, inputs, present, outputs };
}

/** Writes the emitted nodes and initializers into the model, with the given graph outputs. */
export function finish(l: Lowered, outputs: string[], extraInputs: ValueInfoProto[] = []): ModelProto {
  const g = l.model.graph!;
  g.node = l.emitter.nodes;
  g.initializer = l.emitter.initializers;
  g.input = [...l.inputs, ...extraInputs];
  g.output = outputs.map((o) => {
    const i = l.graph.info(o);
    return valueInfo(o, i.elemType, i.shape);
  });
  return l.model;
}
