/**
 * Re-versions a model's default-domain nodes to opset 16, where ScatterElements gains
 * `reduction: 'add'`: a MaxPool gradient is then one MaxPool with Indices and one scatter-add,
 * instead of groups of windows that cannot overlap, each gathering and scattering the whole
 * running sum (rules/pool/max-pool-indices.ts). On onnxruntime's CPU EP that takes about a fifth
 * off the gradient graphs of the zoo's opset-9 Inception and SqueezeNet (bench/profiles).
 *
 * Only conversions that keep every value are made: ops whose semantics did not change between
 * the model's opset and 16 are kept as they are, attributes that became inputs are moved into
 * initializers (Clip, Pad, Slice, Split, Squeeze, Unsqueeze, ReduceSum), Scatter becomes
 * ScatterElements, an inference-only Dropout becomes Identity and Softmax-family ops name their
 * one long axis. Anything else (an unknown op, Softmax-family ops over several long axes,
 * Upsample, subgraphs, training outputs) leaves the model at its own opset: `upgradeOpset` says why.
 */
import { Graph, overridableInitializers } from './graph.js';
import {
  attrFloat, attrInt, attrInts, attrString, DT, defaultOpset, findAttr, makeAttr, makeTensor, type ModelProto, type NodeProto, type TensorProto,
} from './proto.js';

/** First opset whose ScatterElements accepts `reduction: 'add'`. */
export const SCATTER_ADD_OPSET = 16;

/** Ops whose behaviour is the same at every opset from 7 to 16 (new types or defaults that keep old values aside). */
const SAME = new Set([
  'Abs', 'Acos', 'Acosh', 'Add', 'And', 'ArgMax', 'ArgMin', 'Asin', 'Asinh', 'Atan', 'Atanh', 'AveragePool', 'Cast', 'Ceil',
  'Concat', 'Constant', 'ConstantOfShape', 'Conv', 'ConvInteger', 'ConvTranspose', 'Cos', 'Cosh', 'CumSum', 'DepthToSpace',
  'DequantizeLinear', 'Div', 'Einsum', 'Elu', 'Equal', 'Erf', 'Exp', 'Expand', 'Flatten', 'Floor', 'Gather', 'GatherElements',
  'GatherND', 'Gemm', 'GlobalAveragePool', 'GlobalLpPool', 'GlobalMaxPool', 'Greater', 'GreaterOrEqual', 'GRU', 'HardSigmoid',
  'Identity', 'InstanceNormalization', 'IsInf', 'IsNaN', 'LeakyRelu', 'Less', 'LessOrEqual', 'Log', 'LpNormalization', 'LpPool',
  'LRN', 'LSTM', 'MatMul', 'MatMulInteger', 'Max', 'MaxPool', 'Mean', 'Min', 'Mod', 'Mul', 'Neg', 'Not', 'OneHot', 'Or', 'Pow',
  'PRelu', 'QLinearConv', 'QLinearMatMul', 'QuantizeLinear', 'Range', 'Reciprocal', 'ReduceL1', 'ReduceL2', 'ReduceLogSum',
  'ReduceLogSumExp', 'ReduceMax', 'ReduceMean', 'ReduceMin', 'ReduceProd', 'ReduceSumSquare', 'Relu', 'Reshape', 'RNN', 'Round',
  'ScatterElements', 'ScatterND', 'Selu', 'Shape', 'Shrink', 'Sigmoid', 'Sign', 'Sin', 'Sinh', 'Size', 'Softplus', 'Softsign',
  'SpaceToDepth', 'Sqrt', 'Sub', 'Sum', 'Tan', 'Tanh', 'ThresholdedRelu', 'Tile', 'Transpose', 'Where', 'Xor',
]);

interface Ctx {
  opset: number;
  graph: Graph;
  /** Tensors some node or a graph output reads. */
  consumed: Set<string>;
  /** Adds an initializer under a fresh name and returns the name. */
  init(base: string, dataType: number, dims: number[], values: number[]): string;
}

/** A replacement for a node, or the reason it cannot be converted. */
type Convert = (n: NodeProto, c: Ctx) => NodeProto | string;

const without = (n: NodeProto, ...names: string[]): NodeProto => ({ ...n, attribute: (n.attribute ?? []).filter((a) => !names.includes(a.name!)) });
const ints64 = (c: Ctx, n: NodeProto, what: string, v: number[]) => c.init(`${n.name || n.opType}_${what}`, DT.INT64, [v.length], v);

/** An attribute that became an int64 input at `since`: moved to input slot `slot` when present. */
const intsToInput = (since: number, attr: string, slot: number): Convert => (n, c) => {
  if (c.opset >= since) return n;
  const v = attrInts(n, attr);
  if (v === undefined) return n;
  const inputs = [...(n.input ?? [])];
  while (inputs.length < slot) inputs.push('');
  inputs[slot] = ints64(c, n, attr, v);
  return { ...without(n, attr), input: inputs };
};

/**
 * Softmax, LogSoftmax and Hardmax: before 13 over the flattened axes axis.., from 13 over one
 * axis. The same when at most one of those axes is longer than 1 (SqueezeNet's [N, 1000, 1, 1]).
 */
const singleAxis: Convert = (n, c) => {
  if (c.opset >= 13) return n;
  const shape = c.graph.tryInfo(n.input![0]!)?.shape;
  if (shape === undefined) return `${n.opType} '${n.name}': input rank unknown`;
  const a = attrInt(n, 'axis', 1);
  const axis = a < 0 ? a + shape.length : a;
  const long = shape.map((_, i) => i).filter((i) => i >= axis && shape[i] !== 1);
  if (long.length > 1) return `${n.opType} '${n.name}' normalises over axes ${a}.. of a [${shape.join(', ')}] input together (opset 13 changed that)`;
  const rest = without(n, 'axis');
  return { ...rest, attribute: [...rest.attribute!, makeAttr('axis', long[0] ?? axis)] };
};

const CONVERT: Record<string, Convert> = {
  BatchNormalization: (n) => {
    if ((n.output ?? []).slice(1).some((o) => o)) return `BatchNormalization '${n.name}' has training outputs`;
    if (attrInt(n, 'spatial', 1) !== 1) return `BatchNormalization '${n.name}' has spatial = 0`;
    return without(n, 'spatial', 'is_test', 'consumed_inputs');
  },
  Clip: (n, c) => {
    if (c.opset >= 11) return n;
    const et = c.graph.tryInfo(n.input![0]!)?.elemType;
    if (et === undefined) return `Clip '${n.name}': input type unknown`;
    const bound = (name: string) => (findAttr(n, name) ? c.init(`${n.name || 'Clip'}_${name}`, et, [], [attrFloat(n, name)!]) : '');
    const inputs = [n.input![0]!, bound('min'), bound('max')];
    while (inputs.length > 1 && inputs[inputs.length - 1] === '') inputs.pop();
    return { ...without(n, 'min', 'max'), input: inputs };
  },
  Dropout: (n, c) => {
    // From opset 12 a Dropout means the same up to 16 (ratio and training_mode are inputs): kept.
    if (c.opset >= 12) return n;
    if ((n.output ?? []).slice(1).some((o) => o && c.consumed.has(o))) return `Dropout '${n.name}' has its mask output used`;
    return { ...without(n, 'ratio', 'is_test', 'seed'), opType: 'Identity', input: [n.input![0]!], output: [n.output![0]!] };
  },
  Hardmax: singleAxis,
  LogSoftmax: singleAxis,
  Softmax: singleAxis,
  Pad: (n, c) => {
    if (c.opset >= 11) return n;
    const et = c.graph.tryInfo(n.input![0]!)?.elemType;
    if (et === undefined) return `Pad '${n.name}': input type unknown`;
    const inputs = [n.input![0]!, ints64(c, n, 'pads', attrInts(n, 'pads') ?? [])];
    const mode = attrString(n, 'mode', 'constant');
    if (mode === 'constant' && findAttr(n, 'value')) inputs.push(c.init(`${n.name || 'Pad'}_value`, et, [], [attrFloat(n, 'value')!]));
    return { ...without(n, 'pads', 'value'), input: inputs };
  },
  ReduceSum: intsToInput(13, 'axes', 1),
  Scatter: (n) => ({ ...n, opType: 'ScatterElements' }),
  Slice: (n, c) => {
    if (c.opset >= 10) return n;
    const starts = attrInts(n, 'starts') ?? [];
    const inputs = [n.input![0]!, ints64(c, n, 'starts', starts), ints64(c, n, 'ends', attrInts(n, 'ends') ?? [])];
    const axes = attrInts(n, 'axes');
    if (axes) inputs.push(ints64(c, n, 'axes', axes));
    return { ...without(n, 'starts', 'ends', 'axes'), input: inputs };
  },
  Split: intsToInput(13, 'split', 1),
  Squeeze: intsToInput(13, 'axes', 1),
  Unsqueeze: intsToInput(13, 'axes', 1),
};

/** Default-domain MaxPool nodes of the main graph (what the upgrade is for). */
const maxPools = (model: ModelProto): NodeProto[] => (model.graph!.node ?? []).filter((n) => n.opType === 'MaxPool' && (!n.domain || n.domain === 'ai.onnx'));

/**
 * The model with its default-domain nodes at opset 16 (a new object; the input is not touched),
 * or why it stays as it is. Only models at opsets 7-15 with a float32 or float16 MaxPool are converted;
 * `compile` calls it unless `portable` is set.
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { decodeModel, upgradeOpset } from '@axplain/onnx';
 * const up = upgradeOpset(decodeModel(readFileSync('squeezenet1.0-9.onnx')));
 * console.log('model' in up ? 'compiles at opset 16' : `stays: ${up.reason}`);
 * ```
 */
export function upgradeOpset(model: ModelProto): { model: ModelProto } | { reason: string } {
  const opset = defaultOpset(model);
  if (opset >= SCATTER_ADD_OPSET) return { reason: `opset ${opset} already has ScatterElements with reduction` };
  if (opset < 7) return { reason: `opset ${opset} is below 7` };
  // Shape inference only when there is a MaxPool: compile builds its own Graph of the result.
  const pools = maxPools(model);
  const graph = pools.length ? new Graph(model) : undefined;
  const pooled = (n: NodeProto) => graph?.tryInfo(n.input![0]!)?.elemType;
  if (!graph || !pools.some((n) => pooled(n) === DT.FLOAT || pooled(n) === DT.FLOAT16)) return { reason: 'no float32 or float16 MaxPool whose gradient would gain' };
  const inits: TensorProto[] = [];
  const used = new Set<string>([
    ...(model.graph!.initializer ?? []).map((t) => t.name!), ...(model.graph!.input ?? []).map((i) => i.name!),
    ...(model.graph!.node ?? []).flatMap((n) => n.output ?? []),
  ]);
  const consumed = new Set([...(model.graph!.node ?? []).flatMap((n) => n.input ?? []), ...(model.graph!.output ?? []).map((o) => o.name!)]);
  const ctx: Ctx = {
    opset, graph, consumed,
    init: (base, dataType, dims, values) => {
      let name = `axplain_opset16/${base}`;
      for (let i = 1; used.has(name); i++) name = `axplain_opset16/${base}_${i}`;
      used.add(name);
      inits.push(makeTensor(name, dataType, dims, values));
      return name;
    },
  };
  const nodes: NodeProto[] = [];
  for (const n of model.graph!.node ?? []) {
    if (n.domain && n.domain !== 'ai.onnx') { nodes.push(n); continue; }
    if ((n.attribute ?? []).some((a) => a.g || (a.graphs && a.graphs.length)))
      return { reason: `${n.opType} '${n.name}' has a subgraph` };
    const convert = CONVERT[n.opType!];
    if (!convert && !SAME.has(n.opType!)) return { reason: `no conversion of ${n.opType} from opset ${opset} to ${SCATTER_ADD_OPSET}` };
    const out = convert ? convert(n, ctx) : n;
    if (typeof out === 'string') return { reason: out };
    nodes.push(out);
  }
  const up: ModelProto = Object.assign(Object.create(Object.getPrototypeOf(model)) as ModelProto, model);
  up.graph = Object.assign(Object.create(Object.getPrototypeOf(model.graph)), model.graph, {
    node: nodes, initializer: [...(model.graph!.initializer ?? []), ...inits],
  });
  up.opsetImport = (model.opsetImport ?? []).map((o) => (!o.domain || o.domain === 'ai.onnx' ? { ...o, version: SCATTER_ADD_OPSET } : o));
  // Opset 16 belongs to IR version 8. Before IR 4 every initializer was listed as a graph input
  // and stays a constant (onnxruntime cannot override it); from IR 4 an initializer listed as an
  // input can be fed, so those inputs go to keep the weights constant.
  if (!overridableInitializers(model)) {
    const names = new Set((model.graph!.initializer ?? []).map((t) => t.name!));
    up.graph!.input = (model.graph!.input ?? []).filter((i) => !names.has(i.name!));
  }
  if (Number(up.irVersion ?? 0) < 8) up.irVersion = 8;
  return { model: up };
}
