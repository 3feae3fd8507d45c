/**
 * Gradient rules of ONNX `LSTM`, `GRU` and `RNN`: backpropagation through time in standard ops.
 *
 * The original node stays in the forward graph (its outputs are unchanged). For the gradient,
 * the node is lowered to a small model of standard ops unrolled over the time steps (./lower.ts)
 * whose output is the scalar sum(dY * Y) + sum(dY_h * Y_h) + sum(dY_c * Y_c) over the outputs
 * that receive a cotangent; `compile` differentiates that model with the ordinary rules, and its
 * forward recomputation and backward pass are inlined into the gradient graph, renamed.
 *
 * Needs a static sequence length; `sequence_lens` must be absent or a constant equal to it.
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
  checkSequenceLens(ctx, seq);

  const low = lowerRecurrent(n, spec, ctx.info, ctx.opset, seq, { Y: !!ctx.grad(0), Yh: !!ctx.grad(1), Yc: !!ctx.grad(2) });
  const { graph: sg, emitter: se } = low;
  const outerOf = new Map<string, string>(low.present.map(({ k, key }) => [key, n.input(k)!]));
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
  const res = compile(sub, { wrt: wrt.map(({ key }) => key), of: loss });
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

function checkSequenceLens(ctx: VjpContext, seq: number): void {
  const name = ctx.node.input(4);
  if (!name) return;
  const v = ctx.value(name);
  if (!v)
    ctx.unsupported(`input sequence_lens '${name}' is not a compile-time constant; per-sample lengths are not supported (the gradient unrolls a fixed number of steps): remove it or make it a constant equal to the sequence length ${seq}`);
  const short = Array.from(v!.data).find((l) => Number(l) !== seq);
  if (short !== undefined)
    ctx.unsupported(`sequence_lens holds a length ${short} different from the sequence length ${seq}; only full-length sequences are supported`);
}

const rule = (opType: string, differentiable: number[]): GradRule => ({ opType, differentiable, vjp });

export const RECURRENT_RULES: readonly GradRule[] = [
  rule('LSTM', [0, 1, 2, 3, 5, 6, 7]),
  rule('GRU', [0, 1, 2, 3, 5]),
  rule('RNN', [0, 1, 2, 3, 5]),
];
