/**
 * The no-silent-zero check inside control flow: when a tensor reaches an If, Loop or Scan whose
 * outputs do not vary with it, the check runs again inside each body (the tensor's formal input
 * or capture to each body output) and names the node there that cuts the derivative.
 */
import { NonDifferentiablePathError } from '../errors.js';
import type { Graph } from '../graph.js';
import type { Node } from '../node.js';
import { isFloatType } from '../proto.js';
import { checkDifferentiablePath } from '../reachability.js';
import { bodyGraph, loopBodyInputInfos, scanBodyInputInfos } from './infer.js';
import { subgraphs } from './subgraph.js';

/** The cut inside `n`'s bodies on the way from its input `input`, or undefined when there is none. */
export function controlFlowCut(g: Graph, n: Node, input: string): NonDifferentiablePathError | undefined {
  const explicit = n.explicitInputs;
  for (const [attr, body] of subgraphs(n.proto)) {
    const formal = (body.input ?? []).map((v) => v.name!);
    let infos;
    try {
      infos = n.opType === 'Loop' ? loopBodyInputInfos(n, g) : n.opType === 'Scan' ? scanBodyInputInfos(n, g) : [];
    } catch {
      return undefined; // a body axplain cannot type: the gradient rule reports it
    }
    const seeds = explicit.flatMap((x, k) => (x === input && (n.opType !== 'Loop' || k >= 2) && formal[k] ? [formal[k]!] : []));
    if (!formal.includes(input)) seeds.push(input);
    const bg = bodyGraph(g, body, infos);
    for (const o of body.output ?? []) {
      if (!isFloatType(bg.tryInfo(o.name!)?.elemType ?? 0)) continue;
      for (const s of seeds) {
        try {
          checkDifferentiablePath(bg, [s], o.name!);
        } catch (e) {
          if (!(e instanceof NonDifferentiablePathError)) throw e;
          return new NonDifferentiablePathError(
            { opType: e.opType, nodeName: `${n.name || n.opType}/${attr}/${e.nodeName || '(unnamed)'}`, nodeIndex: e.nodeIndex, wrt: '', of: '' },
            `${e.reason} (inside ${n.describe()}, graph attribute '${attr}')`,
          );
        }
      }
    }
  }
  return undefined;
}
