/**
 * ONNX graphs list their nodes in topological order, and every node input names a graph input, an
 * initializer or the output of an earlier node. A graph that breaks this (a cycle, a dangling
 * input, a missing initializer, nodes out of order) has no meaning: compile rejects it up front,
 * naming the node and the input, instead of differentiating it into an equally broken graph.
 */
import { ModelFormatError } from './errors.js';
import type { ModelProto } from './proto.js';

/** @throws ModelFormatError naming the first node input that is not defined before its node. */
export function checkTopologicalOrder(model: ModelProto): void {
  const g = model.graph!;
  const nodes = g.node ?? [];
  const defined = new Set<string>([...(g.input ?? []).map((i) => i.name!), ...(g.initializer ?? []).map((t) => t.name!)]);
  const producer = new Map<string, number>();
  nodes.forEach((n, i) => { for (const o of n.output ?? []) if (o && !producer.has(o)) producer.set(o, i); });
  nodes.forEach((n, i) => {
    for (const x of n.input ?? []) {
      if (!x || defined.has(x)) continue;
      const at = producer.get(x);
      const where = `node #${i} '${n.name ?? ''}' (${n.opType})`;
      throw new ModelFormatError(at === undefined
        ? `${where}: input '${x}' is not a graph input, an initializer or the output of any node (a dangling input or a missing initializer)`
        : `${where}: input '${x}' is produced by node #${at}, which comes ${at >= i ? 'at or after it' : 'before it'}: the graph has a cycle or its nodes are not in topological order`);
    }
    for (const o of n.output ?? []) if (o) defined.add(o);
  });
}
