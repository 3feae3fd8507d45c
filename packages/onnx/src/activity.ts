/**
 * Activity analysis: which nodes lie on a differentiable path from the `wrt` tensors to the
 * differentiated output. Only they get gradient rules; everything else (weights built by
 * ConstantOfShape, shape arithmetic, other heads) is left untouched.
 *
 * Gradients are total derivatives: when a `wrt` tensor is an intermediate that depends on another
 * `wrt` tensor, the upstream gradient includes the path through it (as torch.autograd.grad does).
 */
import type { Graph } from './graph.js';
import type { Node } from './node.js';
import { DT, isFloatType } from './proto.js';
import { differentiableInputs, getRule } from './rules/registry.js';
import { INTEGER_PASSTHROUGH, NO_GRADIENT } from './rules/types.js';
import { controlFlowVaried } from './control-flow/activity.js';

export interface Activity {
  /** Nodes to differentiate, in forward (topological) order. */
  path: Node[];
  /** Tensors that carry a derivative w.r.t. some `wrt` tensor and reach the output. */
  active: Set<string>;
}

/**
 * Forward pass of activity analysis: the tensors that depend differentiably on `seeds`, and the
 * nodes that read one of them through a differentiable input. Integer and bool outputs (masks,
 * indices, casts to int) carry no derivative, except quantised values (rules/quant/).
 */
export function variedFrom(g: Graph, seeds: Iterable<string>, straightThrough?: ReadonlyMap<Node, string>): { varied: Set<string>; dependent: Set<Node> } {
  const varied = new Set<string>(seeds);
  const dependent = new Set<Node>();
  for (const n of g.nodes) {
    const st = straightThrough?.get(n);
    if (st !== undefined) {
      if (varied.has(st)) { dependent.add(n); varied.add(n.outputs[0]!); }
      continue;
    }
    if (NO_GRADIENT.has(n.opType)) continue;
    // If / Loop / Scan: activity is found inside their bodies (control-flow/activity.ts).
    const cf = controlFlowVaried(g, n, varied);
    if (cf) {
      if (cf.some(Boolean)) dependent.add(n);
      n.outputs.forEach((o, k) => { if (o && cf[k]) varied.add(o); });
      continue;
    }
    const rule = getRule(n.opType);
    const diff = rule ? differentiableInputs(rule, n) : n.inputs.map((_, i) => i);
    if (!diff.some((i) => { const x = n.input(i); return x !== undefined && varied.has(x); })) continue;
    dependent.add(n);
    n.outputs.forEach((o, k) => {
      if (!o || (rule?.differentiableOutputs && !rule.differentiableOutputs.includes(k))) return;
      const quantised = rule?.integerOutputs || (k === 0 && INTEGER_PASSTHROUGH.has(n.opType));
      if (quantised || isFloatType(g.tryInfo(o)?.elemType ?? DT.FLOAT)) varied.add(o);
    });
  }
  return { varied, dependent };
}

/** Tensors `of` depends on (through any input). */
export function usefulFor(g: Graph, of: string): Set<string> {
  const useful = new Set<string>([of]);
  for (let k = g.nodes.length - 1; k >= 0; k--) {
    const n = g.nodes[k]!;
    if (n.outputs.some((o) => o && useful.has(o))) for (const i of n.inputs) if (i) useful.add(i);
  }
  return useful;
}

/**
 * `straightThrough` maps DequantizeLinear nodes of QDQ pairs to the float tensor their
 * QuantizeLinear reads (see straight-through.ts): they vary with it.
 */
export function analyseActivity(g: Graph, wrt: readonly string[], of: string, straightThrough?: ReadonlyMap<Node, string>): Activity {
  const { varied, dependent } = variedFrom(g, wrt, straightThrough);
  const useful = usefulFor(g, of);
  const active = new Set([...varied].filter((t) => useful.has(t)));
  const path = g.nodes.filter((n) => dependent.has(n) && n.outputs.some((o) => o && active.has(o)));
  return { path, active };
}
