/**
 * Trainable parameters of an inference model: which initializers they are by default, turning
 * them into graph inputs of a training graph, and writing trained values back.
 */
import { Graph } from '../graph.js';
import { valueInfo } from '../model-builder.js';
import { decodeModel, isFloatType, makeTensor, onnx, type ModelProto, tensorValues, toNum } from '../proto.js';
import { differentiableInputs, getRule } from '../rules/registry.js';

/** A trained parameter: a graph input of the training graph, an initializer of the inference model. */
export interface TrainableParam {
  name: string;
  shape: number[];
  /** The inference model's value (the starting point of training). */
  values: Float32Array;
}

const copy = (m: Uint8Array | ModelProto): ModelProto =>
  m instanceof Uint8Array ? decodeModel(m) : onnx.ModelProto.decode(onnx.ModelProto.encode(m).finish());

/**
 * The initializers trained by default: float32 initializers of rank >= 1 read at an input the
 * gradient rules call differentiable (weights, biases, norm scales, PRelu slopes), except
 * BatchNormalization's running mean and variance. Rank-0 constants (the 0.5 of a decomposed
 * Gelu, a Pow exponent) are left alone; name them in `params` to train them.
 * @example
 * ```ts
 * const names = trainableParams(readFileSync('mnist.onnx')); // e.g. ['W1', 'b1', 'W2', 'b2']
 * ```
 */
export function trainableParams(model: Uint8Array | ModelProto): string[] {
  const m = model instanceof Uint8Array ? decodeModel(model) : model;
  const inits = new Map((m.graph!.initializer ?? []).map((t) => [t.name!, t]));
  const g = new Graph(m);
  const picked = new Set<string>();
  const statistics = new Set<string>();
  for (const n of g.nodes) {
    if (n.opType === 'BatchNormalization') for (const k of [3, 4]) if (n.input(k)) statistics.add(n.input(k)!);
    const rule = n.domain === '' || n.domain === 'ai.onnx' ? getRule(n.opType) : undefined;
    if (!rule) continue;
    for (const k of differentiableInputs(rule, n)) {
      const t = inits.get(n.input(k) ?? '');
      if (t && t.dataType === onnx.TensorProto.DataType.FLOAT && (t.dims ?? []).length >= 1) picked.add(t.name!);
    }
  }
  return [...inits.keys()].filter((k) => picked.has(k) && !statistics.has(k));
}

/**
 * Copy of `model` in which the named float32 initializers are graph inputs (the trainer feeds
 * them), and their starting values.
 * @example
 * ```ts
 * const { model: open, params } = paramsToInputs(model, ['W1', 'b1']);
 * // params[0] = { name: 'W1', shape: [784, 128], values: Float32Array(100352) }
 * ```
 */
export function paramsToInputs(model: Uint8Array | ModelProto, names: readonly string[]): { model: ModelProto; params: TrainableParam[] } {
  const m = copy(model);
  const gr = m.graph!;
  const params: TrainableParam[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new RangeError(`options.params: '${name}' is listed twice`);
    seen.add(name);
    const t = (gr.initializer ?? []).find((i) => i.name === name);
    if (!t) {
      const floats = (gr.initializer ?? []).filter((i) => isFloatType(i.dataType ?? 0)).map((i) => i.name);
      throw new RangeError(`options.params: the model has no initializer named '${name}' (float initializers: ${floats.slice(0, 20).join(', ')}${floats.length > 20 ? ', ...' : ''})`);
    }
    if (t.dataType !== onnx.TensorProto.DataType.FLOAT)
      throw new RangeError(`options.params: initializer '${name}' has element type ${t.dataType}; only float32 parameters can be trained`);
    const shape = (t.dims ?? []).map(toNum);
    params.push({ name, shape, values: Float32Array.from(tensorValues(t)) });
    gr.initializer = gr.initializer!.filter((i) => i !== t);
    // IR < 4 models already list initializers as inputs.
    if (!(gr.input ?? []).some((i) => i.name === name)) gr.input = [...(gr.input ?? []), valueInfo(name, onnx.TensorProto.DataType.FLOAT, shape)];
  }
  return { model: m, params };
}

/**
 * Copy of an inference model with some initializers replaced by trained values (a checkpoint).
 * @example
 * ```ts
 * const trained = withParameters(inference, { W1: w1, b1: b1 });
 * writeFileSync('trained.onnx', encodeModel(trained));
 * ```
 */
export function withParameters(model: Uint8Array | ModelProto, values: Readonly<Record<string, Float32Array>>): ModelProto {
  const m = copy(model);
  const gr = m.graph!;
  for (const [name, v] of Object.entries(values)) {
    const k = (gr.initializer ?? []).findIndex((i) => i.name === name);
    if (k < 0) throw new RangeError(`values: the model has no initializer named '${name}'`);
    const t = gr.initializer![k]!;
    const dims = (t.dims ?? []).map(toNum);
    const n = dims.reduce((a, b) => a * b, 1);
    if (t.dataType !== onnx.TensorProto.DataType.FLOAT) throw new RangeError(`values.${name}: initializer '${name}' is not float32`);
    if (v.length !== n) throw new RangeError(`values.${name}: ${v.length} values for initializer '${name}' of shape [${dims.join(', ')}] (${n} elements)`);
    gr.initializer![k] = makeTensor(name, onnx.TensorProto.DataType.FLOAT, dims, v);
  }
  return m;
}
