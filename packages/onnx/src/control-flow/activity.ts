/**
 * Activity through control flow: which outputs of an If, Loop or Scan vary with which of its
 * inputs, found by running the activity analysis inside the bodies (outer-scope captures are
 * inputs too). Loop-carried and Scan state iterate to a fixed point.
 */
import { variedFrom } from '../activity.js';
import type { Graph } from '../graph.js';
import type { Node } from '../node.js';
import { bodyAttr, bodyGraph, loopBodyInputInfos, scanAttrs, scanBodyInputInfos } from './infer.js';
import { CONTROL_FLOW_OPS, nodeCaptures } from './subgraph.js';

/**
 * For an If, Loop or Scan node: whether each output varies, given the varied tensors of the
 * enclosing graph. Undefined for other nodes.
 */
export function controlFlowVaried(g: Graph, n: Node, varied: ReadonlySet<string>): boolean[] | undefined {
  if (!CONTROL_FLOW_OPS.has(n.opType) || n.domain) return undefined;
  try {
    return variedOutputs(g, n, varied);
  } catch {
    // A body axplain cannot analyse (sequence-typed state, a missing attribute): every output
    // varies with any varied input, as for an op without a rule; its gradient rule then says why.
    const any = n.inputs.some((x) => x && varied.has(x));
    return n.outputs.map(() => any);
  }
}

function variedOutputs(g: Graph, n: Node, varied: ReadonlySet<string>): boolean[] {
  const caps = nodeCaptures(n.proto).filter((c) => varied.has(c));
  if (n.opType === 'If') {
    const out = n.outputs.map(() => false);
    for (const attr of ['then_branch', 'else_branch']) {
      const body = bodyAttr(n, attr);
      const { varied: v } = variedFrom(bodyGraph(g, body, []), caps);
      (body.output ?? []).forEach((o, k) => { if (v.has(o.name!)) out[k] = true; });
    }
    return out;
  }
  const loop = n.opType === 'Loop';
  const body = bodyAttr(n, 'body');
  const ins = loop ? loopBodyInputInfos(n, g) : scanBodyInputInfos(n, g);
  const bg = bodyGraph(g, body, ins);
  const formal = (body.input ?? []).map((i) => i.name!);
  const outs = (body.output ?? []).map((o) => o.name!);
  // Formal input k of the body corresponds to explicit input k (Scan) or k (Loop: M, cond, state...).
  const nState = loop ? formal.length - 2 : scanAttrs(n, g).nState;
  const stateIn = (j: number): string => formal[loop ? 2 + j : j]!;
  const stateOut = (j: number): string => outs[loop ? 1 + j : j]!;
  const seeds = new Set<string>(caps);
  n.explicitInputs.forEach((x, k) => { if (x && varied.has(x) && (loop ? k >= 2 : true)) seeds.add(formal[k]!); });
  // A final state is the initial one when no iteration runs: it varies with it unless at least one surely runs.
  const once = runsAtLeastOnce(g, n);
  for (;;) {
    const { varied: v } = variedFrom(bg, seeds);
    let grew = false;
    for (let j = 0; j < nState; j++) if (v.has(stateOut(j)) && !seeds.has(stateIn(j))) { seeds.add(stateIn(j)); grew = true; }
    if (grew) continue;
    return n.outputs.map((_, k) => {
      if (k < nState) return (!once && seeds.has(stateIn(k))) || v.has(stateOut(k));
      return v.has(outs[loop ? 1 + k : k]!);
    });
  }
}

/** Whether a Loop or Scan surely runs its body at least once (a constant trip count, a static sequence length). */
function runsAtLeastOnce(g: Graph, n: Node): boolean {
  if (n.opType === 'Loop') {
    const m = n.input(0) ? g.value(n.input(0)!) : undefined;
    const c = n.input(1) ? g.value(n.input(1)!) : undefined;
    return !!m && Number(m.data[0]) >= 1 && (!n.input(1) || (!!c && c.data[0] !== 0));
  }
  const { nState, inAxes } = scanAttrs(n, g);
  const first = n.explicitInputs[nState];
  const len = first ? g.tryInfo(first)?.shape[inAxes[0]!] : undefined;
  return typeof len === 'number' && len >= 1;
}
