/** Shape inference for the recurrent ops LSTM, GRU and RNN (outputs Y, Y_h and, for LSTM, Y_c). */
import type { Dim, TensorInfo } from '../dims.js';
import type { Node } from '../node.js';
import type { InferContext, InferTable } from './types.js';

function inferRecurrent(n: Node, ctx: InferContext): TensorInfo[] {
  const x = ctx.info(n.inputs[0]!);
  if (x.shape.length !== 3) throw new RangeError(`${n.describe()}: X must be 3-D, got rank ${x.shape.length}`);
  const r = ctx.info(n.inputs[2]!).shape;
  const hidden: Dim = n.int('hidden_size') ?? r[2] ?? `${n.outputs[0]}_hidden`;
  const dirs = n.str('direction', 'forward') === 'bidirectional' ? 2 : 1;
  const layout = n.int('layout', 0);
  const [seq, batch] = layout === 0 ? [x.shape[0]!, x.shape[1]!] : [x.shape[1]!, x.shape[0]!];
  const y: Dim[] = layout === 0 ? [seq, dirs, batch, hidden] : [batch, seq, dirs, hidden];
  const state: Dim[] = layout === 0 ? [dirs, batch, hidden] : [batch, dirs, hidden];
  const out = [{ elemType: x.elemType, shape: y }, { elemType: x.elemType, shape: state }];
  if (n.opType === 'LSTM') out.push({ elemType: x.elemType, shape: [...state] });
  return out;
}

export const RECURRENT_INFER: InferTable = {
  LSTM: { infer: inferRecurrent },
  GRU: { infer: inferRecurrent },
  RNN: { infer: inferRecurrent },
};
