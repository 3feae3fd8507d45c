/**
 * Which graph input receives x and which output holds the logits, read from the model's declared
 * signature: names, element types, the per-sample input shape and whether the batch axis is
 * dynamic or fixed.
 */
import { isInteger } from '@axplain/core';
import { DT, isFloatType, type ModelProto, type ValueInfoProto } from '@axplain/onnx';
import { ModelSignatureError, TensorNotFoundError } from './errors.js';

/** A declared dim: a number when static, the symbol (or '?' when unnamed) otherwise. */
export type DeclaredDim = number | string;

export interface SignatureOptions {
  /** Graph input that receives x. @defaultValue the first float input that is not an initializer */
  input?: string;
  /** Tensor holding the logits (a graph output or an intermediate). @defaultValue the first float32 output, or the input of a final Softmax */
  output?: string;
  /** Per-sample input shape (no batch axis). @defaultValue read from the model */
  inputShape?: readonly number[];
}

export interface ModelSignature {
  input: string;
  output: string;
  /** Per-sample input shape. */
  inputShape: number[];
  /** The static batch size when the model fixes it (e.g. 1), `undefined` when the batch axis is dynamic. */
  fixedBatch: number | undefined;
  /** Declared per-sample output dims, `undefined` when the model does not declare the output's shape. */
  outputDims: DeclaredDim[] | undefined;
  /** Graph inputs besides `input` (not weights): fed from the `feeds` option, or zeros. */
  extraInputs: ValueInfoProto[];
  /** The input's declared batch dim (a symbol or a number), `undefined` when it declares no shape. */
  batchDim: DeclaredDim | undefined;
}

const TYPE_NAMES: Record<number, string> = Object.fromEntries(Object.entries(DT).map(([k, v]) => [v, k.toLowerCase()]));
const typeName = (t: number): string => TYPE_NAMES[t] ?? `type ${t}`;

function elemType(v: ValueInfoProto): number {
  return v.type?.tensorType?.elemType ?? 0;
}

/** Declared shape of a value, `undefined` when it has none. */
export function declaredShape(v: ValueInfoProto): DeclaredDim[] | undefined {
  const shape = v.type?.tensorType?.shape;
  if (!shape) return undefined;
  return (shape.dim ?? []).map((d) => {
    if (d.dimParam) return d.dimParam;
    const n = d.dimValue === undefined || d.dimValue === null ? 0 : Number(d.dimValue);
    return n > 0 ? n : '?';
  });
}

const fmt = (s: readonly DeclaredDim[]): string => `[${s.join(', ')}]`;

/**
 * Resolves the input, output and shapes the adapter uses, with errors naming the available
 * tensors when an option names none of them.
 * @example resolveSignature(decodeModel(bytes), { output: 'logits' }, 'model.onnx')
 */
export function resolveSignature(model: ModelProto, options: SignatureOptions, source: string): ModelSignature {
  const graph = model.graph!;
  const inits = new Set((graph.initializer ?? []).map((t) => t.name!));
  // Inputs that are also initializers are weights (IR < 4 models), never x.
  const inputs = (graph.input ?? []).filter((i) => !inits.has(i.name!));
  const outputs = graph.output ?? [];

  let input: ValueInfoProto | undefined;
  if (options.input !== undefined) {
    input = inputs.find((i) => i.name === options.input);
    if (!input) throw new TensorNotFoundError('input', options.input, inputs.map((i) => i.name!), source);
  } else {
    input = inputs.find((i) => elemType(i) === DT.FLOAT) ?? inputs.find((i) => isFloatType(elemType(i)));
    if (!input)
      throw new ModelSignatureError(
        `${source}: the model has no float input to explain (inputs: ${inputs.map((i) => `'${i.name}' ${typeName(elemType(i))}`).join(', ') || 'none'}); ` +
          'axplain differentiates with respect to a float32 input',
      );
  }
  if (elemType(input) !== DT.FLOAT)
    throw new ModelSignatureError(
      `${source}: input '${input.name}' is ${typeName(elemType(input))}; the node adapter feeds float32. ` +
        'Export the model with a float32 input (or pick another one with options.input)',
    );
  // Other inputs (a sample rate, recurrent state) are fed by extra-inputs.ts.
  const extraInputs = inputs.filter((i) => i !== input);

  let output: ValueInfoProto | undefined;
  if (options.output !== undefined) {
    output = outputs.find((o) => o.name === options.output);
    if (!output) throw new TensorNotFoundError('output', options.output, outputs.map((o) => o.name!), source);
  } else {
    output = outputs.find((o) => elemType(o) === DT.FLOAT) ?? outputs[0];
    if (!output) throw new ModelSignatureError(`${source}: the model has no outputs`);
  }
  if (elemType(output) !== DT.FLOAT && elemType(output) !== 0)
    throw new ModelSignatureError(
      `${source}: output '${output.name}' is ${typeName(elemType(output))}; the logits must be float32 ` +
        `(outputs: ${outputs.map((o) => `'${o.name}' ${typeName(elemType(o))}`).join(', ')}; pick one with options.output)`,
    );

  const { inputShape, fixedBatch } = perSampleInput(input, options.inputShape, source);
  const outShape = declaredShape(output);
  return {
    input: input.name!, output: output.name!, inputShape, fixedBatch, outputDims: outShape && outShape.length >= 1 ? outShape.slice(1) : undefined,
    extraInputs, batchDim: declaredShape(input)?.[0],
  };
}

function perSampleInput(input: ValueInfoProto, given: readonly number[] | undefined, source: string): { inputShape: number[]; fixedBatch: number | undefined } {
  const declared = declaredShape(input);
  if (declared && declared.length === 0)
    throw new ModelSignatureError(`${source}: input '${input.name}' is a scalar; a classifier's input needs a batch axis, [N, ...]`);
  const batch = declared?.[0];
  const fixedBatch = typeof batch === 'number' ? batch : undefined;
  const rest = declared?.slice(1);
  if (given !== undefined) {
    if (!Array.isArray(given) || !given.every((d) => isInteger(d, { min: 1 })))
      throw new RangeError(`inputShape: expected positive integers (per sample, without the batch axis), got ${JSON.stringify(given)}`);
    if (rest && (rest.length !== given.length || rest.some((d, i) => typeof d === 'number' && d !== given[i])))
      throw new RangeError(`inputShape: [${given.join(', ')}] does not fit input '${input.name}' declared as ${fmt(declared!)} (per sample ${fmt(rest)})`);
    return { inputShape: [...given], fixedBatch };
  }
  if (!rest)
    throw new ModelSignatureError(`${source}: input '${input.name}' declares no shape; pass options.inputShape (per sample, without the batch axis), e.g. [3, 224, 224]`);
  const symbolic = rest.filter((d) => typeof d === 'string');
  if (symbolic.length)
    throw new ModelSignatureError(
      `${source}: input '${input.name}' is declared ${fmt(declared!)} with symbolic per-sample dims (${symbolic.join(', ')}); ` +
        `pass options.inputShape with their values (per sample, without the batch axis), e.g. [${rest.map((d) => (typeof d === 'number' ? d : 224)).join(', ')}]`,
    );
  return { inputShape: rest as number[], fixedBatch };
}

/**
 * Number of output values per sample, from the per-sample output dims: classes of [C] or
 * [C, 1, 1] (SqueezeNet-style 1x1 maps), or the flattened size of a sequence [T, C] or a dense
 * map [1, H, W] (read through core's output readouts). The adapter flattens outputs to [N, classes].
 * @example classesOf('logits', [10, 1, 1]) // 10
 */
export function classesOf(output: string, perSample: readonly number[]): number {
  if (perSample.length === 0 || !perSample.every((d) => isInteger(d, { min: 1 })))
    throw new ModelSignatureError(
      `output '${output}' has per-sample shape [${perSample.join(', ')}]; expected logits [N, C], a sequence [N, T, C] or a map [N, 1, H, W] ` +
        'with the batch first. Pick the output with options.output',
    );
  return perSample.reduce((a, b) => a * b, 1);
}

/**
 * Writes `inputShape` into the declared shape of the input where the model leaves per-sample dims
 * symbolic (the batch axis stays as it is), so the compiler sees static spatial dims. Returns
 * whether the model changed.
 * @example if (pinInputShape(model, sig)) bytes = encodeModel(model);
 */
export function pinInputShape(model: ModelProto, sig: Pick<ModelSignature, 'input' | 'inputShape'>): boolean {
  const input = (model.graph!.input ?? []).find((i) => i.name === sig.input);
  const tt = input?.type?.tensorType;
  if (!tt) return false;
  const dims = tt.shape?.dim ?? [];
  if (dims.length === sig.inputShape.length + 1 && dims.slice(1).every((d, i) => Number(d.dimValue ?? 0) === sig.inputShape[i])) return false;
  const batch = dims[0] ?? { dimParam: 'N' };
  tt.shape = { dim: [batch, ...sig.inputShape.map((d) => ({ dimValue: d }))] };
  return true;
}

/**
 * Specialises the symbolic per-sample dims of `input` (default: the first float input that is
 * not a weight) to `inputShape` in `model`, checked like the `inputShape` option: the rank must
 * match and static dims must agree. Returns the input's name and whether the model changed.
 * @example specialiseInputShape(model, undefined, [3, 48, 192], 'ocr.onnx') // { input: 'x', changed: true }
 */
export function specialiseInputShape(model: ModelProto, input: string | undefined, inputShape: readonly number[], source: string): { input: string; changed: boolean } {
  const graph = model.graph!;
  const inits = new Set((graph.initializer ?? []).map((t) => t.name!));
  const inputs = (graph.input ?? []).filter((i) => !inits.has(i.name!));
  const v = input === undefined ? inputs.find((i) => isFloatType(elemType(i))) : inputs.find((i) => i.name === input);
  if (!v) {
    if (input !== undefined) throw new TensorNotFoundError('input', input, inputs.map((i) => i.name!), source);
    throw new ModelSignatureError(`${source}: the model has no float input whose shape could be set`);
  }
  const { inputShape: shape } = perSampleInput(v, inputShape, source);
  return { input: v.name!, changed: pinInputShape(model, { input: v.name!, inputShape: shape }) };
}

/**
 * The input `createGradientModel` would explain and its declared dims, when they leave per-sample
 * dims symbolic (the model then takes its shape from its first input); `undefined` otherwise
 * (static, undeclared, or an input that does not resolve: resolveSignature reports those).
 */
export function symbolicInput(model: ModelProto, input: string | undefined): { input: string; declared: DeclaredDim[] } | undefined {
  const graph = model.graph!;
  const inits = new Set((graph.initializer ?? []).map((t) => t.name!));
  const inputs = (graph.input ?? []).filter((i) => !inits.has(i.name!));
  const v = input === undefined ? inputs.find((i) => elemType(i) === DT.FLOAT) ?? inputs.find((i) => isFloatType(elemType(i))) : inputs.find((i) => i.name === input);
  const declared = v && declaredShape(v);
  if (!declared || declared.length < 2 || declared.slice(1).every((d) => typeof d === 'number')) return undefined;
  return { input: v.name!, declared };
}
