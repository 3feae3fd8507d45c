/**
 * The backward graph of a control-flow body. The body becomes a standalone model whose inputs
 * are its formal inputs, its captures and the cotangents of its outputs, with one scalar output
 * sum_k <cotangent_k, output_k>; the compiler differentiates that scalar with respect to the
 * wanted inputs (recursing into nested control flow). The result recomputes the body's forward
 * values it needs, then its cotangents; every name it defines is renamed into the enclosing model.
 */
import { compile } from '../compile.js';
import type { TensorInfo } from '../dims.js';
import { GRADIENT_PREFIX } from '../emit/emitter.js';
import { RuleContractError } from '../errors.js';
import { type Graph, infoFromValueInfo } from '../graph.js';
import { valueInfo } from '../model-builder.js';
import { type GraphProto, makeTensor, type NodeProto } from '../proto.js';
import { pruneDead, renameDefined } from './rename.js';
import { bodyModel } from './subgraph.js';

export interface BodyVjpSpec {
  /** The graph being differentiated (fresh names, infos of the enclosing scope). */
  g: Graph;
  body: GraphProto;
  /** Infos of the body's formal inputs (undefined: declared type). */
  inputInfos: (TensorInfo | undefined)[];
  /** Body output index -> the tensor holding its cotangent, read from the enclosing scope. */
  seeds: { output: number; cotangent: string; info: TensorInfo }[];
  /** Formal input names or capture names to differentiate with respect to (floating-point). */
  wrt: string[];
  /** CompileOptions.portable of the enclosing compile. */
  portable: boolean;
}

export interface BodyVjp {
  /** Nodes and initializers of the backward body (free names: captures, cotangents, formal inputs). */
  nodes: NodeProto[];
  initializers: GraphProto['initializer'];
  /** Cotangent of each `wrt` tensor, and its info. */
  grads: string[];
  gradInfos: TensorInfo[];
  /** Formal input name -> the name the caller must define in the backward body. */
  formal: Map<string, string>;
}

export function bodyVjp(spec: BodyVjpSpec): BodyVjp {
  const { g, body } = spec;
  const objective = g.fresh(`${GRADIENT_PREFIX}/objective`);
  const extraNodes: NodeProto[] = [];
  const terms: string[] = [];
  for (const s of spec.seeds) {
    const out = body.output?.[s.output]?.name;
    if (!out) throw new RuleContractError(`body '${body.name ?? ''}' has no output ${s.output}`);
    const prod = g.fresh(`${GRADIENT_PREFIX}/objective_term`);
    const red = g.fresh(`${GRADIENT_PREFIX}/objective_term`);
    extraNodes.push({ opType: 'Mul', input: [out, s.cotangent], output: [prod], name: g.fresh('objective_mul') });
    extraNodes.push({ opType: 'ReduceSum', input: [prod], output: [red], name: g.fresh('objective_sum'), attribute: [{ name: 'keepdims', type: 2, i: 0 }] });
    terms.push(red);
  }
  if (!terms.length) throw new RuleContractError(`body '${body.name ?? ''}': no output has a cotangent`);
  extraNodes.push({ opType: 'Sum', input: terms, output: [objective], name: g.fresh('objective') });
  const elemType = spec.seeds[0]!.info.elemType;
  const model = bodyModel({
    outer: g.model, body, inputInfos: spec.inputInfos, info: (x) => g.tryInfo(x), value: (x) => g.value(x),
    // A capture of one branch that the other does not read is still an input (its cotangent: zeros).
    extraInputs: [
      ...spec.seeds.map((s) => valueInfo(s.cotangent, s.info.elemType, s.info.shape)),
      ...spec.wrt.flatMap((x) => { const i = g.tryInfo(x); return i ? [valueInfo(x, i.elemType, i.shape)] : []; }),
    ],
    extraNodes, outputs: [valueInfo(objective, elemType, [])],
  });
  const res = compile(model, { wrt: spec.wrt, of: objective, portable: spec.portable }, { checkPaths: false, keepOpset: true });
  const out = res.model.graph!;
  const one = makeTensor(res.cotangentInput, elemType, [], [1]);
  const graph: GraphProto = {
    name: body.name ?? 'body',
    input: [],
    initializer: out.initializer ?? [],
    node: [{ opType: 'Constant', input: [], output: [res.cotangentInput], name: 'seed', attribute: [{ name: 'value', type: 4, t: one }] }, ...(out.node ?? [])],
    output: (out.output ?? []).filter((o) => res.gradOutputs.includes(o.name!)),
  };
  pruneDead(graph);
  const formalNames = (body.input ?? []).map((i) => i.name!);
  const map = renameDefined(graph, (h) => g.fresh(`${GRADIENT_PREFIX}/${h}`), formalNames);
  const gradInfos = res.gradOutputs.map((x) => {
    const v = (out.output ?? []).find((o) => o.name === map.get(x) || o.name === x);
    const i = v ? infoFromValueInfo(v) : undefined;
    if (!i) throw new RuleContractError(`backward body of '${body.name ?? ''}': no type for gradient '${x}'`);
    return i;
  });
  return {
    nodes: graph.node ?? [], initializers: graph.initializer ?? [],
    grads: res.gradOutputs.map((x) => map.get(x) ?? x), gradInfos,
    formal: new Map(formalNames.map((f) => [f, map.get(f)!])),
  };
}
