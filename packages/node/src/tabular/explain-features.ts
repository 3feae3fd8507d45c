/**
 * One row of a tabular model explained feature by feature. `loadTabularModel` reads the feature
 * names and the baseline (the training means) from card.json beside the model; `parseFeatures`
 * reads a row as JSON (`{"sepal_length": 5.1, ...}`) or CSV (values in feature order, optionally
 * under a header line naming them); `explainFeatures` runs IG (from the baseline), saliency,
 * gradient x input, or KernelSHAP / LIME with one segment per feature (removed = baseline value).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  argmax, AxplainError, type GradientModel, gradientXInput, integratedGradients, kernelShap, lime, saliency, segmentationFromGroups, softmax, type Tensor,
} from '@axplain/core';
import { loadModel } from '../model/load-model.js';

/** A feature row that does not fit the model's features. */
export class FeatureInputError extends AxplainError {
  constructor(message: string) { super(message, 'FEATURE_INPUT'); }
}

export const FEATURE_METHODS = Object.freeze(['ig', 'saliency', 'gradxinput', 'kernelshap', 'lime'] as const);
export type FeatureMethod = (typeof FEATURE_METHODS)[number];

export interface TabularModel {
  model: GradientModel & { dispose(): Promise<void> };
  features: readonly string[];
  /** Values a removed feature takes (IG's baseline): the card's, else zeros. */
  baseline: readonly number[];
  labels?: readonly string[];
}

/** @example const tm = await loadTabularModel('models/iris-rrr/model.onnx'); tm.features // ['sepal_length', ...] */
export async function loadTabularModel(path: string): Promise<TabularModel> {
  const cardPath = join(dirname(path), 'card.json');
  const card = existsSync(cardPath) ? (JSON.parse(readFileSync(cardPath, 'utf8')) as { labels?: string[]; tabular?: { features?: string[]; baseline?: { values?: number[] } } }) : undefined;
  const model = await loadModel(path, card?.labels ? { labels: card.labels } : {});
  const f = model.inputShape.length === 1 ? model.inputShape[0]! : NaN;
  if (!Number.isInteger(f)) {
    await model.dispose();
    throw new FeatureInputError(`${path}: input is [N, ${model.inputShape.join(', ')}]; a tabular model takes rows [N, F]`);
  }
  const features = card?.tabular?.features ?? Array.from({ length: f }, (_, i) => `x${i}`);
  const baseline = card?.tabular?.baseline?.values ?? new Array<number>(f).fill(0);
  if (features.length !== f || baseline.length !== f) {
    await model.dispose();
    throw new FeatureInputError(`${cardPath}: names ${features.length} features and ${baseline.length} baseline values, but the model takes ${f}`);
  }
  return { model, features, baseline, labels: model.labels };
}

/**
 * @example parseFeatures('{"a": 1, "b": 2}', ['a', 'b']) // [1, 2]
 * parseFeatures('1,2', ['a', 'b']) // [1, 2]; parseFeatures('b,a\n2,1', ['a', 'b']) // [1, 2]
 */
export function parseFeatures(text: string, names: readonly string[]): number[] {
  const src = text.trim();
  const num = (v: unknown, name: string): number => {
    const x = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new FeatureInputError(`feature '${name}': ${JSON.stringify(v)} is not a finite number`);
    return x;
  };
  if (src.startsWith('{')) {
    let o: Record<string, unknown>;
    try { o = JSON.parse(src) as Record<string, unknown>; } catch (e) { throw new FeatureInputError(`features: not valid JSON (${(e as Error).message})`); }
    const unknown = Object.keys(o).filter((k) => !names.includes(k));
    if (unknown.length) throw new FeatureInputError(`features: unknown name(s) ${unknown.join(', ')}; the model's features are ${names.join(', ')}`);
    const missing = names.filter((k) => !(k in o));
    if (missing.length) throw new FeatureInputError(`features: missing ${missing.join(', ')} (the model takes ${names.join(', ')})`);
    return names.map((k) => num(o[k], k));
  }
  const lines = src.split(/\r?\n/).filter((l) => l.trim() !== '');
  const cells = (l: string) => l.split(',').map((c) => c.trim());
  let header: string[] | undefined, row: string[];
  if (lines.length === 2) [header, row] = [cells(lines[0]!), cells(lines[1]!)];
  else if (lines.length === 1) row = cells(lines[0]!);
  else throw new FeatureInputError(`features: a CSV row (optionally under a header line) was expected, got ${lines.length} lines`);
  if (header) {
    const unknown = header.filter((h) => !names.includes(h));
    if (unknown.length || header.length !== names.length) throw new FeatureInputError(`features: the CSV header must name each of ${names.join(', ')} once, got ${header.join(', ')}`);
    if (row.length !== header.length) throw new FeatureInputError(`features: ${row.length} values under ${header.length} header names`);
    return names.map((n) => num(row[header!.indexOf(n)], n));
  }
  if (row.length !== names.length) throw new FeatureInputError(`features: ${row.length} values given, the model takes ${names.length} (${names.join(', ')})`);
  return row.map((v, i) => num(v, names[i]!));
}

export interface FeatureExplanation {
  predicted: string | number;
  probabilities: number[];
  target: number;
  method: FeatureMethod;
  features: { feature: string; value: number; attribution: number }[];
  /** IG's completeness gap. */
  delta?: number;
}

export async function explainFeatures(
  tm: TabularModel, values: readonly number[], options: { method?: FeatureMethod; target?: number | 'predicted'; steps?: number; maxEvals?: number; seed?: number } = {},
): Promise<FeatureExplanation> {
  const method = options.method ?? 'ig';
  if (!FEATURE_METHODS.includes(method)) throw new RangeError(`method: '${method}' is not a tabular method; choose one of ${FEATURE_METHODS.join(', ')}`);
  const f = tm.features.length;
  if (values.length !== f) throw new FeatureInputError(`values: ${values.length} given, the model takes ${f}`);
  const x: Tensor = { data: Float32Array.from(values), shape: [1, f] };
  const baseline: Tensor = { data: Float32Array.from(tm.baseline), shape: [1, f] };
  const probs = softmax(await tm.model.logits(x)).data;
  const p = argmax(probs, 0, probs.length);
  const target = options.target === undefined || options.target === 'predicted' ? p : options.target;
  if (!Number.isInteger(target) || target < 0 || target >= probs.length) throw new RangeError(`target: class ${target} is not a class of this model (0..${probs.length - 1})`);
  const segments = segmentationFromGroups(tm.features.map((_, i) => [i]), f);
  let attr: ArrayLike<number>, delta: number | undefined;
  switch (method) {
    case 'ig': {
      const r = await integratedGradients(tm.model, x, { target, baseline, steps: options.steps ?? 64 });
      attr = r.attribution.data;
      delta = r.delta[0];
      break;
    }
    case 'saliency': attr = (await saliency(tm.model, x, { target })).attribution.data; break;
    case 'gradxinput': attr = (await gradientXInput(tm.model, x, { target })).attribution.data; break;
    case 'kernelshap': attr = (await kernelShap(tm.model, x, { target, baseline, segments, maxEvals: options.maxEvals ?? 256, seed: options.seed ?? 0 })).perSample[0]!.values; break;
    case 'lime': attr = (await lime(tm.model, x, { target, baseline, segments, maxEvals: options.maxEvals ?? 256, seed: options.seed ?? 0 })).perSample[0]!.coefficients; break;
  }
  return {
    predicted: tm.labels?.[p] ?? p, probabilities: Array.from(probs), target, method,
    features: tm.features.map((feature, i) => ({ feature, value: values[i]!, attribution: attr[i]! })), ...(delta !== undefined ? { delta } : {}),
  };
}
