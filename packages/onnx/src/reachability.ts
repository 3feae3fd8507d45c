/**
 * No silent zero gradients: when `of` depends on a `wrt` tensor only through tensors that carry
 * no derivative (a Round, an ArgMax, a cast to an integer type...), the gradient the graph would
 * compute is identically zero. The compiler refuses such a graph and names the node that cuts
 * the path. Dependence only through a tensor's shape (Shape, Size) or through a float parameter an
 * op marks non-differentiable (Resize's scales, a Pad value) is genuine independence and allowed.
 */
import { usefulFor, variedFrom } from './activity.js';
import { GRADIENT_PREFIX } from './emit/emitter.js';
import { NonDifferentiablePathError, UnsupportedOpError } from './errors.js';
import type { Graph } from './graph.js';
import type { Node } from './node.js';
import { isFloatType } from './proto.js';
import { differentiableInputs, getRule, supportedOps } from './rules/registry.js';
import { NO_GRADIENT } from './rules/types.js';
import { controlFlowCut } from './control-flow/reachability.js';
import { CONTROL_FLOW_OPS } from './control-flow/subgraph.js';

/** Ops whose output does not depend on their input's values. */
const VALUE_INDEPENDENT: ReadonlySet<string> = new Set(['Shape', 'Size', 'EyeLike', 'RandomNormalLike', 'RandomUniformLike']);

/** Input slots through which `n`'s outputs depend on the input's values. */
function valueInputs(g: Graph, n: Node): number[] {
  if (VALUE_INDEPENDENT.has(n.opType)) return [];
  const realOut = n.outputs.some((o) => o && isFloatType(g.tryInfo(o)?.elemType ?? 0));
  if (n.name.startsWith(`${GRADIENT_PREFIX}/`) && (NO_GRADIENT.has(n.opType) || !realOut)) return [];
  const all = n.inputs.map((_, i) => i);
  const rule = NO_GRADIENT.has(n.opType) ? undefined : getRule(n.opType);
  if (!rule) return all;
  const diff = differentiableInputs(rule, n);
  // A float input marked non-differentiable is a parameter (Resize's scales, a Pad value) when the
  // op's output stays real-valued; when it does not (a cast to int), the values flow on, cut.
  return all.filter((i) => diff.includes(i) || !realOut || !isFloatType(g.tryInfo(n.inputs[i] ?? '')?.elemType ?? 0));
}

/** Throws NonDifferentiablePathError when `of` depends on some `wrt` tensor only through non-differentiable tensors. */
export function checkDifferentiablePath(g: Graph, wrt: readonly string[], of: string, straightThrough?: ReadonlyMap<Node, string>): void {
  const useful = usefulFor(g, of);
  for (const x of wrt) {
    if (!useful.has(x)) continue;
    const { varied } = variedFrom(g, [x], straightThrough);
    if (varied.has(of)) continue;
    // Tensors whose values depend on x through any edge that carries values.
    const reached = new Set([x]);
    let cut: { node: Node; input: string; inner?: NonDifferentiablePathError } | undefined;
    for (const n of g.nodes) {
      const ins = valueInputs(g, n).map((i) => n.inputs[i]).filter((t): t is string => !!t && reached.has(t));
      if (!ins.length) continue;
      for (const o of n.outputs) if (o) reached.add(o);
      const via = ins.find((t) => varied.has(t));
      if (!cut && via && n.outputs.some((o) => o && useful.has(o) && !varied.has(o))) {
        // Control flow: the cut, if any, is a node inside a body (control-flow/reachability.ts).
        const inner = CONTROL_FLOW_OPS.has(n.opType) ? controlFlowCut(g, n, via) : undefined;
        if (inner || !CONTROL_FLOW_OPS.has(n.opType)) cut = { node: n, input: via, inner };
      }
    }
    if (!reached.has(of) || !cut) continue;
    const n = cut.node;
    if (cut.inner) {
      throw new NonDifferentiablePathError({ opType: cut.inner.opType, nodeName: cut.inner.nodeName, nodeIndex: cut.inner.nodeIndex, wrt: x, of }, cut.inner.reason);
    }
    if (!NO_GRADIENT.has(n.opType) && !getRule(n.opType))
      throw new UnsupportedOpError({ opType: n.opType, nodeName: n.name, nodeIndex: n.index, opset: g.opset, supported: supportedOps() },
        `op type '${n.opType}'${n.domain ? ` (domain ${n.domain})` : ''} has no gradient rule, and '${of}' depends on '${x}' only through it`);
    const out = n.outputs.find((o) => o && useful.has(o) && !varied.has(o))!;
    const t = g.tryInfo(out)?.elemType;
    const why = NO_GRADIENT.has(n.opType)
      ? `${n.opType} is piecewise constant or not real-valued (zero derivative almost everywhere)`
      : t !== undefined && !isFloatType(t)
        ? `its output '${out}' is an integer or bool tensor (element type ${t}), which carries no derivative`
        : `input '${cut.input}' is not a differentiable input of ${n.opType}`;
    throw new NonDifferentiablePathError({ opType: n.opType, nodeName: n.name, nodeIndex: n.index, wrt: x, of }, why);
  }
}
