/**
 * Parameter randomisation for the sanity checks of Adebayo et al. ("Sanity Checks for Saliency
 * Maps", 2018): an ONNX model whose layers' weights can be re-drawn, as `@axplain/metrics`'
 * `RandomizableModel` asks (`layerNames`, `randomizeLayers(names, seed)`), typed structurally so
 * this package does not depend on the metrics. A layer is a node that reads a float initializer
 * of rank >= 2 (its weight); its other float initializers (bias) belong to it. Re-drawing keeps
 * each tensor's scale: values ~ N(mean, std^2) of the trained tensor (a zero bias stays zero).
 */
import { Rng } from '@axplain/core';
import { decodeModel, DT, encodeModel, makeTensor, type ModelProto, tensorValues } from '@axplain/onnx';
import { createGradientModel, type GradientModelOptions } from './create-gradient-model.js';
import type { OnnxGradientModel } from './onnx-gradient-model.js';
import type { OrtRuntime } from './runtime.js';

/** A layer of parameters: the node's name (or `OpType_index`) and the initializers it reads. */
export interface ParameterLayer { name: string; initializers: string[] }

/** The parameter layers of a model, from the input to the output (graph order). */
export function parameterLayers(model: ModelProto): ParameterLayer[] {
  const inits = new Map((model.graph?.initializer ?? []).filter((t) => t.dataType === DT.FLOAT).map((t) => [t.name!, t]));
  const layers: ParameterLayer[] = [];
  (model.graph?.node ?? []).forEach((node, i) => {
    const own = (node.input ?? []).filter((x) => inits.has(x));
    if (!own.some((x) => (inits.get(x)!.dims ?? []).length >= 2)) return;
    layers.push({ name: node.name || `${node.opType}_${i}`, initializers: own });
  });
  return layers;
}

/**
 * A copy of `model` with the initializers of `layers` re-drawn (seeded), each from the normal
 * distribution with its trained mean and standard deviation.
 * @throws RangeError naming an unknown layer and listing the known ones
 */
export function randomizeParameters(model: ModelProto, layers: readonly string[], seed: number): ModelProto {
  const known = parameterLayers(model);
  const chosen = new Set<string>();
  for (const name of layers) {
    const layer = known.find((l) => l.name === name);
    if (!layer) throw new RangeError(`layers: unknown layer '${name}'; the model's parameter layers are ${known.map((l) => l.name).join(', ')}`);
    layer.initializers.forEach((x) => chosen.add(x));
  }
  const copy = decodeModel(encodeModel(model));
  const rng = new Rng(seed);
  copy.graph!.initializer = (copy.graph!.initializer ?? []).map((t) => {
    if (!chosen.has(t.name!)) return t;
    const v = tensorValues(t);
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
    return makeTensor(t.name!, DT.FLOAT, (t.dims ?? []).map(Number), v.map(() => mean + std * rng.normal()));
  });
  return copy;
}

/** An `OnnxGradientModel` that can re-draw its layers (`@axplain/metrics`' `RandomizableModel`). */
export type RandomizableOnnxModel = OnnxGradientModel & {
  readonly layerNames: readonly string[];
  randomizeLayers(names: readonly string[], seed: number): Promise<OnnxGradientModel>;
};

/**
 * `createGradientModel` whose result can re-draw its layers: `randomizeLayers(names, seed)` opens
 * a new model (same runtime and options, no compile cache) on a copy with those layers re-drawn.
 * @example
 * const model = await createRandomizableGradientModel(bytes, nodeRuntime);
 * const randomized = await model.randomizeLayers([model.layerNames.at(-1)!], 0);
 */
export async function createRandomizableGradientModel(modelBytes: Uint8Array, runtime: OrtRuntime, options: GradientModelOptions = {}): Promise<RandomizableOnnxModel> {
  const model = await createGradientModel(modelBytes, runtime, options);
  const decoded = decodeModel(modelBytes, options.source ?? 'model bytes');
  const layerNames = Object.freeze(parameterLayers(decoded).map((l) => l.name));
  const randomizeLayers = async (names: readonly string[], seed: number): Promise<OnnxGradientModel> =>
    createGradientModel(encodeModel(randomizeParameters(decoded, names, seed)), runtime, { ...options, compile: undefined, measurePlacement: undefined });
  return Object.assign(model, { layerNames, randomizeLayers });
}
