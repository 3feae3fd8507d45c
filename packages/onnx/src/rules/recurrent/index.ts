/**
 * Gradient rules of ONNX `LSTM`, `GRU` and `RNN`: backpropagation through time (P. J. Werbos,
 * "Backpropagation through time: what it does and how to do it", 1990) in standard ops. The cells
 * are those of S. Hochreiter and J. Schmidhuber, "Long short-term memory" (1997), with ONNX's
 * peepholes, and of K. Cho et al., "Learning phrase representations using RNN encoder-decoder for
 * statistical machine translation" (2014), as the ONNX operator definitions write them.
 *
 * The original node stays in the forward graph (its outputs are unchanged). For the gradient,
 * the node is lowered to a small model of standard ops unrolled over the time steps (./lower.ts)
 * whose output is the scalar sum(dY * Y) + sum(dY_h * Y_h) + sum(dY_c * Y_c) over the outputs
 * that receive a cotangent; `compile` differentiates that model with the ordinary rules, and its
 * forward recomputation and backward pass are inlined into the gradient graph, renamed.
 *
 * Needs a static sequence length. Per-sample `sequence_lens` (constant or not) mask the steps past
 * each sample's length: the state is kept and Y is 0 there, as in the ONNX definition.
 */
import { compile } from '../../compile.js';
import { GRADIENT_PREFIX } from '../../emit/emitter.js';
import { RuleContractError } from '../../errors.js';
import { valueInfo } from '../../model-builder.js';
import type { Node } from '../../node.js';
import type { NodeProto, TensorProto, ValueInfoProto } from '../../proto.js';
import type { GradRule, VjpContext } from '../types.js';
import { finish, lowerRecurrent } from './lower.js';
import { readSpec } from './spec.js';

/** The sequence length of X, or the reason the node cannot be unrolled. */
export function staticSequenceLength(n: Node, xShape: readonly (number | string)[], layout: 0 | 1, fail: (detail: string) => never): number {
  const seq = xShape[layout === 0 ? 0 : 1];
  if (typeof seq !== 'number')
    fail(`the sequence length of X [${xShape.join(', ')}] is dynamic ('${seq}'); the gradient unrolls the time steps and needs it static (give the model a fixed input shape)`);
  return seq as number;
}

function vjp(ctx: VjpContext): (string | undefined)[] {
  const n = ctx.node;
  const spec = readSpec(n, ctx.unsupported);
  const seq = staticSequenceLength(n, ctx.info(n.inputs[0]!).shape, spec.layout, ctx.unsupported);
  const sequenceLens = needsSequenceLens(ctx, seq);

  const want = { Y: !!ctx.grad(0), Yh: !!ctx.grad(1), Yc: !!ctx.grad(2) };
  const low = lowerRecurrent(n, spec, ctx.info, ctx.opset, seq, { want, sequenceLens });
  const { graph: sg, emitter: se } = low;
  const outerOf = new Map<string, string>(low.present.map(({ k, key }) => [key, n.input(k)!]));
  if (sequenceLens) outerOf.set('sequenceLens', n.input(4)!);
  const terms: string[] = [];
  const cotInputs: ValueInfoProto[] = [];
  [low.outputs.Y, low.outputs.Yh, low.outputs.Yc].forEach((o, k) => {
    const gk = ctx.grad(k);
    if (!gk || !o) return;
    const name = `cotangent_${k}`;
    const info = sg.info(o);
    sg.setInfo(name, info);
    cotInputs.push(valueInfo(name, info.elemType, info.shape));
    outerOf.set(name, gk);
    terms.push(se.reduceSum(se.mul(name, o), info.shape.map((_, i) => i), false));
  });
  if (!terms.length) throw new RuleContractError(`${n.describe()}: no output cotangent`);
  const loss = se.sum(terms);
  const sub = finish(low, [loss], cotInputs);

  const wrt = low.present.filter(({ k }) => ctx.needs(k));
  const res = compile(sub, { wrt: wrt.map(({ key }) => key), of: loss, portable: ctx.e.portable }, { keepOpset: true });
  outerOf.set(res.cotangentInput, ctx.e.constant([1], [], sg.info(loss).elemType));
  const mapped = inline(ctx, res.model.graph!.node ?? [], res.model.graph!.initializer ?? [], outerOf);
  const grads: (string | undefined)[] = [];
  wrt.forEach(({ k }, i) => { grads[k] = mapped.get(res.gradOutputs[i]!)!; });
  return grads;
}

/** Copies the compiled lowered model's nodes and initializers into the gradient graph, renamed. */
function inline(ctx: VjpContext, nodes: NodeProto[], inits: TensorProto[], names: Map<string, string>): Map<string, string> {
  const g = ctx.e.g;
  const prefix = `${GRADIENT_PREFIX}/${ctx.node.opType.toLowerCase()}`;
  for (const t of inits) {
    if (names.has(t.name!)) continue;
    const copy = { ...t, name: g.fresh(prefix) };
    ctx.e.initializers.push(copy);
    g.addInitializer(copy);
    names.set(t.name!, copy.name);
  }
  const rename = (x: string): string => {
    if (!x) return x;
    const y = names.get(x);
    if (y === undefined) throw new RuleContractError(`${ctx.node.describe()}: the lowered graph reads unknown tensor '${x}'`);
    return y;
  };
  for (const p of nodes) {
    const input = (p.input ?? []).map(rename);
    const output = (p.output ?? []).map((o) => {
      if (!o) return o;
      const y = g.fresh(prefix);
      names.set(o, y);
      return y;
    });
    const q: NodeProto = { ...p, input, output, name: g.fresh(`${prefix}_node`) };
    ctx.e.nodes.push(q);
    g.addNode(q);
  }
  return names;
}

/**
 * Whether the lowering must mask steps by sequence_lens: false when it is absent or a constant
 * equal to the sequence length everywhere; a constant outside [1, seq] is an error.
 */
function needsSequenceLens(ctx: VjpContext, seq: number): boolean {
  const name = ctx.node.input(4);
  if (!name) return false;
  const v = ctx.value(name);
  if (!v) return true;
  const bad = Array.from(v.data).find((l) => !(Number(l) >= 1 && Number(l) <= seq));
  if (bad !== undefined) ctx.unsupported(`sequence_lens holds a length ${bad} outside [1, ${seq}] (the sequence length of X)`);
  return Array.from(v.data).some((l) => Number(l) !== seq);
}

const rule = (opType: string, differentiable: number[]): GradRule => ({ opType, differentiable, vjp });

export const RECURRENT_RULES: readonly GradRule[] = [
  rule('LSTM', [0, 1, 2, 3, 5, 6, 7]),
  rule('GRU', [0, 1, 2, 3, 5]),
  rule('RNN', [0, 1, 2, 3, 5]),
];
