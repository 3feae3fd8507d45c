/**
 * Renaming and pruning of generated subgraphs. ONNX names are single-assignment along every chain
 * of nested scopes, so every name a generated body defines (node outputs, initializers, formal
 * inputs, in nested subgraphs too) gets a fresh name of the enclosing model; names it reads from
 * the enclosing scope keep theirs.
 */
import type { GraphProto, NodeProto } from '../proto.js';
import { nodeCaptures } from './subgraph.js';

/** Names defined anywhere in `g` (nested subgraphs included). */
function definedNames(g: GraphProto, out: Set<string>): void {
  for (const i of g.input ?? []) if (i.name) out.add(i.name);
  for (const t of g.initializer ?? []) if (t.name) out.add(t.name);
  for (const n of g.node ?? []) {
    for (const o of n.output ?? []) if (o) out.add(o);
    for (const a of n.attribute ?? []) for (const s of [a.g, ...(a.graphs ?? [])]) if (s) definedNames(s, out);
  }
}

/** Renames in place every name defined in `g`, plus `bound` (names the caller will define); returns the map. */
export function renameDefined(g: GraphProto, fresh: (hint: string) => string, bound: readonly string[] = []): Map<string, string> {
  const defined = new Set<string>(bound);
  definedNames(g, defined);
  const map = new Map<string, string>();
  for (const d of defined) map.set(d, fresh(d.replace(/__\d+$/, '').slice(-40)));
  applyRename(g, map, fresh);
  return map;
}

function applyRename(g: GraphProto, map: ReadonlyMap<string, string>, fresh: (hint: string) => string): void {
  const r = (x: string | null | undefined): string => (x ? (map.get(x) ?? x) : '');
  for (const i of g.input ?? []) i.name = r(i.name);
  for (const o of g.output ?? []) o.name = r(o.name);
  for (const v of g.valueInfo ?? []) v.name = r(v.name);
  for (const t of g.initializer ?? []) t.name = r(t.name);
  for (const n of g.node ?? []) {
    n.input = (n.input ?? []).map(r);
    n.output = (n.output ?? []).map(r);
    n.name = fresh(`${n.opType}_node`);
    for (const a of n.attribute ?? []) for (const s of [a.g, ...(a.graphs ?? [])]) if (s) applyRename(s, map, fresh);
  }
}

/** Drops the nodes of `g` that no output of `g` needs (subgraph captures count as uses). */
export function pruneDead(g: GraphProto): void {
  const needed = new Set((g.output ?? []).map((o) => o.name!));
  const keep: NodeProto[] = [];
  const nodes = g.node ?? [];
  for (let k = nodes.length - 1; k >= 0; k--) {
    const n = nodes[k]!;
    if (!(n.output ?? []).some((o) => o && needed.has(o))) continue;
    keep.push(n);
    for (const x of [...(n.input ?? []), ...nodeCaptures(n)]) if (x) needed.add(x);
  }
  g.node = keep.reverse();
  g.initializer = (g.initializer ?? []).filter((t) => needed.has(t.name!));
}
