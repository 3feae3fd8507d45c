/**
 * Ahead-of-time reverse-mode differentiation of an ONNX graph.
 *
 * `compile(model)` returns a model with every original input and output, one extra input
 * `${of}_cotangent` (shaped like output `of`) and one extra output `${x}_grad` per `wrt` tensor,
 * equal to d(sum(cotangent * of)) / d x. The gradient graph uses default-domain ONNX ops only,
 * so it runs on every onnxruntime execution provider, at the model's own opset - or at opset 16
 * when the model has a float32 or float16 MaxPool and every node converts unchanged (opset-upgrade.ts): its
 * gradient is then one scatter-add instead of groups of scatters. `portable` keeps the opset.
 */
import { analyseActivity } from './activity.js';
import { fmtShape, isStatic, sameShape } from './dims.js';
import { Emitter, GRADIENT_PREFIX } from './emit/emitter.js';
import { foldWeightDequantize } from './fold-weight-dequantize.js';
import { CompileOptionError, ModelFormatError, RuleContractError, UnsupportedOpError } from './errors.js';
import { Graph } from './graph.js';
import { valueInfo } from './model-builder.js';
import { checkDifferentiablePath } from './reachability.js';
import { dequantizedWeights, straightThroughGrad, straightThroughPairs } from './straight-through.js';
import type { Node } from './node.js';
import { decodeModel, isFloatType, onnx, tensorValues, toNum, type ModelProto, type ValueInfoProto } from './proto.js';
import { differentiableInputs, getRule, supportedOps } from './rules/registry.js';
import type { VjpContext } from './rules/types.js';
import { checkTopologicalOrder } from './graph-order.js';
import { upgradeOpset } from './opset-upgrade.js';

/** Lowest default-domain opset supported: binary ops broadcast numpy-style from opset 7. */
export const MIN_OPSET = 7;

export interface CompileOptions {
  /**
   * Tensors to differentiate with respect to: graph inputs, initializers or intermediate
   * tensors. @defaultValue the first graph input that is not an initializer
   */
  wrt?: string[];
  /** The output to differentiate. @defaultValue the first graph output */
  of?: string;
  /**
   * Emit only the conservative forms, at some cost on the CPU EP: MaxPool gradients from window
   * masks instead of MaxPool's Indices output and a scatter. Those run on every execution
   * provider (onnxruntime's WebGPU EP rejects the Indices output) and differentiate again cheaply
   * (double backpropagation: a scatter's own gradient is not). The ORT shells set it when an
   * execution provider other than cpu, wasm or cuda is listed; loss graphs with input-gradient
   * terms set it. @defaultValue false
   */
  portable?: boolean;
}

/** Options of the compiler's own recursive calls (control-flow bodies, control-flow/body-vjp.ts). */
export interface InternalCompileOptions {
  /**
   * Run the no-silent-zero check. Off for a body, whose paths the check of the enclosing graph
   * already followed (a body-local zero may be genuine when another path carries the derivative).
   * @defaultValue true
   */
  checkPaths?: boolean;
  /**
   * Keep the model's own opset (no upgrade to 16 for MaxPool's scatter-add): for graphs whose
   * nodes join an enclosing graph at its opset, and for tests of the older forms.
   * @defaultValue false
   */
  keepOpset?: boolean;
}

export interface CompileResult {
  model: ModelProto;
  /** Name of the added cotangent input. */
  cotangentInput: string;
  /** Added gradient outputs, in `wrt` order. */
  gradOutputs: string[];
  wrt: string[];
  of: string;
  /** Node counts of the original and the compiled graph. */
  forwardNodes: number;
  totalNodes: number;
}

/**
 * Compiles a gradient graph.
 * @example
 * ```ts
 * import { readFileSync, writeFileSync } from 'node:fs';
 * import { compile, encodeModel } from '@axplain/onnx';
 * const { model, cotangentInput, gradOutputs } = compile(readFileSync('mnist.onnx'));
 * writeFileSync('mnist-grad.onnx', encodeModel(model));
 * ```
 */
export function compile(input: Uint8Array | ModelProto, options: CompileOptions = {}, internal: InternalCompileOptions = {}): CompileResult {
  let model = input instanceof Uint8Array ? decodeModel(input) : onnx.ModelProto.decode(onnx.ModelProto.encode(input).finish());
  rejectLocalFunctions(model);
  checkTopologicalOrder(model);
  if (!options.portable && !internal.keepOpset) {
    const up = upgradeOpset(model);
    if ('model' in up) model = up.model;
  }
  const graph = model.graph!;
  const g = new Graph(model);
  if (g.opset < MIN_OPSET)
    throw new ModelFormatError(
      `the model imports default-domain opset ${g.opset}; axplain needs opset >= ${MIN_OPSET} (numpy broadcasting). ` +
        'Convert it first, e.g. with onnx.version_converter.convert_version(model, 13)',
    );
  const initNames = new Set((graph.initializer ?? []).map((t) => t.name!));
  const outputs = (graph.output ?? []).map((o) => o.name!);
  const of = options.of ?? outputs[0];
  if (!of) throw new CompileOptionError('of', 'the model has no outputs');
  if (!g.producer.has(of) && !(graph.input ?? []).some((i) => i.name === of))
    throw new CompileOptionError('of', `no tensor named '${of}' in the model (outputs: ${outputs.join(', ')})`);
  const wrt = options.wrt ?? defaultWrt(graph.input ?? [], initNames);
  if (wrt.length === 0) throw new CompileOptionError('wrt', 'no tensors to differentiate with respect to');
  for (const x of wrt) {
    const known = g.producer.has(x) || initNames.has(x) || (graph.input ?? []).some((i) => i.name === x);
    if (!known) throw new CompileOptionError('wrt', `no tensor named '${x}' in the model`);
    const t = g.tryInfo(x);
    if (t && !isFloatType(t.elemType))
      throw new CompileOptionError('wrt', `tensor '${x}' has element type ${t.elemType}; only floating-point tensors have gradients`);
  }
  const ofInfo = g.info(of);
  if (!isFloatType(ofInfo.elemType))
    throw new CompileOptionError('of', `output '${of}' has element type ${ofInfo.elemType}; only floating-point outputs can be differentiated`);

  const straightThrough = straightThroughPairs(g);
  if (internal.checkPaths !== false) checkDifferentiablePath(g, wrt, of, straightThrough);
  const { path, active } = analyseActivity(g, wrt, of, straightThrough);
  const e = new Emitter(g, GRADIENT_PREFIX, options.portable ?? false);
  const cotangentInput = g.freshExact(`${of}_cotangent`);
  g.setInfo(cotangentInput, ofInfo);
  const grads = new Map<string, string[]>([[of, [cotangentInput]]]);
  const total = (t: string): string | undefined => {
    const list = grads.get(t);
    if (!list || list.length === 0) return undefined;
    if (list.length > 1) grads.set(t, [e.sum(list)]);
    return grads.get(t)![0];
  };

  for (let k = path.length - 1; k >= 0; k--) {
    const n = path[k]!;
    const outGrads = n.outputs.map((o) => (o && active.has(o) ? total(o) : undefined));
    if (outGrads.every((x) => x === undefined)) continue;
    const fail = (detail?: string): never => {
      if (!detail && (n.opType === 'ScatterElements' || n.opType === 'Scatter') && n.name.startsWith(`${GRADIENT_PREFIX}/`))
        detail = 'this is a MaxPool gradient of a first-order graph compiled without `portable: true`; compile the first-order graph with it to differentiate it again';
      throw new UnsupportedOpError({ opType: n.opType, nodeName: n.name, nodeIndex: n.index, opset: g.opset, supported: detail ? undefined : supportedOps() }, detail);
    };
    const st = straightThrough.get(n);
    if (st !== undefined) {
      // Straight-through: the QDQ pair's cotangent passes to the quantised float tensor where it does not saturate.
      if (active.has(st)) grads.set(st, [...(grads.get(st) ?? []), straightThroughGrad(e, g, n, outGrads[0]!, fail)]);
      continue;
    }
    const rule = getRule(n.opType);
    const domain = n.domain === 'ai.onnx' ? '' : n.domain;
    if (!rule || domain !== (rule.domain ?? '')) fail(domain ? `op domain '${n.domain}' is not supported for ${n.opType} (only the default ONNX domain and the com.microsoft QLinear* ops)` : undefined);
    if (rule!.sinceOpset && g.opset < rule!.sinceOpset) fail(`the rule for ${n.opType} needs opset >= ${rule!.sinceOpset}`);
    const diff = differentiableInputs(rule!, n);
    const needs = n.inputs.map((x, i) => !!x && diff.includes(i) && active.has(x));
    const ctx: VjpContext = {
      node: n, e, opset: g.opset,
      grad: (i = 0) => outGrads[i],
      needs: (i) => needs[i] ?? false,
      info: (name) => g.info(name),
      value: (name) => g.value(name),
      weights: (name) => {
        const t = g.constantInitializer(name);
        return t ? { elemType: t.dataType ?? 0, dims: (t.dims ?? []).map(toNum), data: tensorValues(t) } : dequantizedWeights(g, name);
      },
      unsupported: (detail) => fail(detail),
    };
    const res = rule!.vjp(ctx);
    n.inputs.forEach((x, i) => {
      if (!needs[i] || !x) return;
      const gx = res[i];
      if (!gx) throw new RuleContractError(`${n.describe()}: rule returned no cotangent for input ${i} '${x}'`);
      checkCotangent(g, n, x, gx);
      const list = grads.get(x) ?? [];
      list.push(gx);
      grads.set(x, list);
    });
  }

  const gradOutputs: ValueInfoProto[] = [];
  for (const x of wrt) {
    const gx = total(x) ?? e.zerosLike(x);
    const name = g.freshExact(`${x}_grad`);
    e.nodes.push({ opType: 'Identity', input: [gx], output: [name], name: g.freshExact(`${name}_identity`) });
    gradOutputs.push(valueInfo(name, g.info(x).elemType, g.info(x).shape));
  }
  const { folded, initializers: dequantized } = foldWeightDequantize(g, e.nodes);
  const forward = (graph.node ?? []).filter((n) => !folded.has(n));
  graph.node = [...forward, ...e.nodes];
  graph.initializer = [...(graph.initializer ?? []), ...dequantized, ...e.initializers];
  graph.input = [...(graph.input ?? []), valueInfo(cotangentInput, ofInfo.elemType, ofInfo.shape)];
  graph.output = [...(graph.output ?? []), ...gradOutputs];
  return {
    model, cotangentInput, gradOutputs: gradOutputs.map((v) => v.name!), wrt, of,
    forwardNodes: forward.length, totalNodes: graph.node.length,
  };
}

function defaultWrt(inputs: ValueInfoProto[], inits: Set<string>): string[] {
  const first = inputs.find((i) => !inits.has(i.name!));
  return first ? [first.name!] : [];
}

function checkCotangent(g: Graph, n: Node, x: string, gx: string): void {
  const xi = g.info(x);
  const gi = g.tryInfo(gx);
  if (!gi) return;
  // A quantised integer tensor's cotangent is a float tensor (rules/quant/).
  if (!isFloatType(xi.elemType) ? !isFloatType(gi.elemType) : gi.elemType !== xi.elemType)
    throw new RuleContractError(`${n.describe()}: cotangent of '${x}' has element type ${gi.elemType}, expected ${xi.elemType}`);
  if (isStatic(xi.shape) && isStatic(gi.shape) && !sameShape(xi.shape, gi.shape))
    throw new RuleContractError(`${n.describe()}: cotangent of '${x}' has shape ${fmtShape(gi.shape)}, expected ${fmtShape(xi.shape)}`);
  if (gi.shape.length !== xi.shape.length)
    throw new RuleContractError(`${n.describe()}: cotangent of '${x}' has rank ${gi.shape.length}, expected ${xi.shape.length}`);
}

/** Nodes calling model-local functions (ModelProto.functions) are not inlined yet: say so up front. */
function rejectLocalFunctions(model: ModelProto): void {
  const fns = new Set((model.functions ?? []).map((f) => `${f.domain ?? ''}:${f.name}`));
  if (!fns.size) return;
  (model.graph!.node ?? []).forEach((n, i) => {
    if (fns.has(`${n.domain ?? ''}:${n.opType}`))
      throw new ModelFormatError(
        `node #${i} '${n.name ?? ''}' calls the model-local function '${n.domain ? `${n.domain}:` : ''}${n.opType}'; ` +
          'axplain does not inline ONNX local functions yet: inline them first (onnx.inliner.inline_local_functions in Python) and compile the result',
      );
  });
}
