/**
 * Small edits of a model under construction with an Emitter: give a tensor a readable name, and
 * move the emitted nodes and initializers into the model. Shared by the loss builders.
 */
import type { Emitter } from '../emit/emitter.js';
import type { Graph } from '../graph.js';
import type { ModelProto, NodeProto } from '../proto.js';

/** An Identity from `src` into a tensor named `name` (renamed `name_1`... when taken). */
export function namedIdentity(e: Emitter, g: Graph, src: string, name: string, scope = 'axplain_loss'): string {
  const out = g.freshExact(name);
  const p: NodeProto = { opType: 'Identity', input: [src], output: [out], name: g.fresh(`${scope}/${out}`) };
  e.nodes.push(p);
  g.addNode(p);
  return out;
}

/** Appends the emitter's nodes and initializers to the model and empties the emitter. */
export function flushEmitter(m: ModelProto, e: Emitter): void {
  m.graph!.node = [...(m.graph!.node ?? []), ...e.nodes];
  m.graph!.initializer = [...(m.graph!.initializer ?? []), ...e.initializers];
  e.nodes.length = 0;
  e.initializers.length = 0;
}
