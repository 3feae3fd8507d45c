/**
 * Hand-built one-node ONNX LSTM / GRU / RNN models for the gradient tests: every optional input
 * and attribute of the ONNX schema can be switched on, weights are seeded.
 */
import { ModelBuilder, type ModelProto, type NodeProto } from '@axplain/onnx';
import { Rng } from '@axplain/node';

export interface RecurrentCase {
  op: 'LSTM' | 'GRU' | 'RNN';
  seq?: number; batch?: number; input?: number; hidden?: number;
  direction?: 'forward' | 'reverse' | 'bidirectional';
  layout?: 0 | 1;
  bias?: boolean;
  /** initial_h (and initial_c for LSTM) as graph inputs. */
  initial?: boolean;
  peepholes?: boolean;
  clip?: number;
  inputForget?: boolean;
  linearBeforeReset?: boolean;
  activations?: string[];
  alpha?: number[];
  beta?: number[];
  /** sequence_lens values (int32): a constant initializer, or with `sequenceLensInput` a graph input 'seq_lens'. */
  sequenceLens?: number[];
  sequenceLensInput?: boolean;
  opset?: number;
  seed?: number;
  /** Symbolic batch dim name. */
  symbolicBatch?: boolean;
}

export interface BuiltRecurrent {
  model: ModelProto; wrt: string[];
  /** Y, Y_h (, Y_c), then their concatenation (unless the batch dim is symbolic). */
  outputs: string[];
  dims: Record<string, number>;
}

export function buildRecurrent(c: RecurrentCase): BuiltRecurrent {
  const { op, seq = 3, batch = 2, input = 3, hidden = 4 } = c;
  const layout = c.layout ?? 0;
  const D = c.direction === 'bidirectional' ? 2 : 1;
  const G = op === 'LSTM' ? 4 : op === 'GRU' ? 3 : 1;
  const rng = new Rng(c.seed ?? 7);
  const b = new ModelBuilder({ opset: c.opset ?? (layout ? 14 : 13) });
  const N = c.symbolicBatch ? 'N' : batch;
  const x = b.input('X', layout === 0 ? [seq, N, input] : [N, seq, input]);
  const init = (name: string, dims: number[], scale = 0.6): string =>
    b.initializer(name, dims, rng.fillUniform(dims.reduce((a, k) => a * k, 1), -scale, scale));
  const w = init('W', [D, G * hidden, input]);
  const r = init('R', [D, G * hidden, hidden]);
  const wrt = ['X', 'W', 'R'];
  const ins: (string | undefined)[] = [x, w, r];
  ins.push(c.bias ? init('B', [D, 2 * G * hidden], 0.4) : undefined);
  if (c.bias) wrt.push('B');
  ins.push(c.sequenceLensInput ? b.input('seq_lens', [N], 6) : c.sequenceLens ? b.initializer('seq_lens', [batch], c.sequenceLens, 6) : undefined);
  const state = layout === 0 ? [D, N, hidden] : [N, D, hidden];
  ins.push(c.initial ? b.input('initial_h', state) : undefined);
  if (c.initial) wrt.push('initial_h');
  if (op === 'LSTM') {
    ins.push(c.initial ? b.input('initial_c', state) : undefined);
    if (c.initial) wrt.push('initial_c');
    ins.push(c.peepholes ? init('P', [D, 3 * hidden], 0.5) : undefined);
    if (c.peepholes) wrt.push('P');
  }
  while (ins.length && ins[ins.length - 1] === undefined) ins.pop();
  const nOut = op === 'LSTM' ? 3 : 2;
  const outs = b.nodeN(op, ins, {
    hidden_size: hidden,
    direction: c.direction,
    layout: c.layout ? 1 : undefined,
    clip: c.clip === undefined ? undefined : { f: c.clip },
    input_forget: c.inputForget ? 1 : undefined,
    linear_before_reset: c.linearBeforeReset ? 1 : undefined,
    activation_alpha: c.alpha ? { floats: c.alpha } : undefined,
    activation_beta: c.beta ? { floats: c.beta } : undefined,
  }, nOut);
  for (const o of outs) b.output(o);
  // 'all': every output flattened and concatenated, so one random cotangent reaches Y, Y_h and Y_c
  // (static shapes only: a Concat of several dynamic extents has no gradient rule).
  if (!c.symbolicBatch) b.output(b.node('Concat', outs.map((o) => b.node('Flatten', [o], { axis: 0 })), { axis: 1 }));
  const model = b.build();
  if (c.activations) {
    const node = model.graph!.node!.find((n) => n.opType === op) as NodeProto;
    node.attribute!.push({ name: 'activations', type: 8, strings: c.activations.map((s) => new TextEncoder().encode(s)) });
  }
  return { model, wrt, outputs: model.graph!.output!.map((o) => o.name!), dims: { N: batch } };
}
