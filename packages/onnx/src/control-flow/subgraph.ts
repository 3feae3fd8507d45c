/**
 * Subgraphs of control-flow nodes (If, Loop, Scan): the tensors a body reads from the enclosing
 * scope ("captures"), and a standalone model of a body (its formal inputs and captures made graph
 * inputs) that axplain's shape inference, activity analysis and compiler can work on.
 */
import type { TensorInfo } from '../dims.js';
import { valueInfo } from '../model-builder.js';
import { type ConstValue, numbers } from '../const-value.js';
import type { GraphProto, ModelProto, NodeProto, TensorProto, ValueInfoProto } from '../proto.js';
import { DT, makeTensor, onnx } from '../proto.js';

const INTEGER_TYPES = new Set<number>([DT.INT64, DT.INT32]);

/** The op types whose graph attributes axplain understands. */
export const CONTROL_FLOW_OPS: ReadonlySet<string> = new Set(['If', 'Loop', 'Scan']);

/** Graph-valued attributes of a node, by attribute name. */
export function subgraphs(node: NodeProto): [string, GraphProto][] {
  const out: [string, GraphProto][] = [];
  for (const a of node.attribute ?? []) {
    if (a.g) out.push([a.name ?? '', a.g]);
    (a.graphs ?? []).forEach((g, k) => out.push([`${a.name ?? ''}[${k}]`, g]));
  }
  return out;
}

export function hasSubgraphs(node: NodeProto): boolean {
  return (node.attribute ?? []).some((a) => a.g || (a.graphs?.length ?? 0) > 0);
}

/** The outer-scope names a node's subgraphs read, in first-use order (its implicit inputs). */
export function nodeCaptures(node: NodeProto): string[] {
  const out = new Set<string>();
  for (const [, g] of subgraphs(node)) for (const x of graphCaptures(g)) out.add(x);
  return [...out];
}

/** Names a graph reads without defining them (inputs, initializers, node outputs), nested subgraphs included. */
export function graphCaptures(g: GraphProto): string[] {
  const defined = new Set<string>([...(g.input ?? []).map((i) => i.name!), ...(g.initializer ?? []).map((t) => t.name!)]);
  for (const s of g.sparseInitializer ?? []) if (s.values?.name) defined.add(s.values.name);
  const used = new Set<string>();
  const use = (x: string | null | undefined): void => { if (x && !defined.has(x)) used.add(x); };
  for (const n of g.node ?? []) {
    for (const x of n.input ?? []) use(x);
    for (const x of nodeCaptures(n)) use(x);
    for (const o of n.output ?? []) if (o) defined.add(o);
  }
  for (const o of g.output ?? []) use(o.name);
  return [...used];
}

export interface BodyModelSpec {
  /** The enclosing model (opset imports, IR version). */
  outer: ModelProto;
  body: GraphProto;
  /** Infos of the body's formal inputs, overriding their declared types (undefined: keep declared). */
  inputInfos?: (TensorInfo | undefined)[];
  /** Infos of outer-scope tensors. */
  info: (name: string) => TensorInfo | undefined;
  /**
   * Values of outer-scope constants: integer captures with a known value (Reshape targets, axes,
   * pads) become initializers of the body model, so its shape inference folds them as the
   * enclosing graph's does. @defaultValue none (every capture is an input)
   */
  value?: (name: string) => ConstValue | undefined;
  /** More graph inputs (cotangents read from the enclosing scope). */
  extraInputs?: ValueInfoProto[];
  /** More nodes after the body's. */
  extraNodes?: NodeProto[];
  /** Graph outputs. @defaultValue the body's */
  outputs?: ValueInfoProto[];
}

/** A standalone model of a body: formal inputs, then captures, then `extraInputs`, as graph inputs. */
export function bodyModel(spec: BodyModelSpec): ModelProto {
  const { body } = spec;
  const inputs: ValueInfoProto[] = (body.input ?? []).map((v, k) => {
    const i = spec.inputInfos?.[k];
    return i ? valueInfo(v.name!, i.elemType, i.shape) : v;
  });
  const seen = new Set(inputs.map((v) => v.name!));
  const constants: TensorProto[] = [];
  for (const c of graphCaptures(body)) {
    if (seen.has(c)) continue;
    seen.add(c);
    const v = spec.value?.(c), known = v ? numbers(v) : undefined;
    if (v && known && INTEGER_TYPES.has(v.elemType)) { constants.push(makeTensor(c, v.elemType, v.dims, known)); continue; }
    const i = spec.info(c);
    inputs.push(i ? valueInfo(c, i.elemType, i.shape) : { name: c });
  }
  for (const v of spec.extraInputs ?? []) if (!seen.has(v.name!)) { seen.add(v.name!); inputs.push(v); }
  return onnx.ModelProto.create({
    irVersion: spec.outer.irVersion,
    opsetImport: spec.outer.opsetImport,
    graph: {
      name: body.name ?? 'body',
      input: inputs,
      initializer: [...(body.initializer ?? []), ...constants],
      node: [...(body.node ?? []), ...(spec.extraNodes ?? [])],
      output: spec.outputs ?? body.output ?? [],
      // The body's declared output types stay known when the outputs are replaced.
      valueInfo: [...(body.valueInfo ?? []), ...(spec.outputs ? (body.output ?? []).filter((o) => o.type) : [])],
    },
  });
}
