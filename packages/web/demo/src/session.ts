/**
 * One explanation request of the page, from the model's name (or a dropped .onnx) and a picture
 * to the result: loads the model (kept while the model and EP stay the same), reads its
 * preprocessing spec, predicts, runs the method.
 */
import {
  argmax, checkSpecShape, inferPreprocessSpec, parsePreprocessSpec, preprocess, type ResolvedPreprocessSpec, type RgbaImage, softmax,
} from '@axplain/core';
import { loadModel, type WebExecutionProviderName } from '@axplain/web';
import type { OnnxGradientModel } from '@axplain/ort';
import { models as bundled } from 'virtual:axplain-demo-assets';
import { DemoError } from './errors.js';
import { type MethodChoice, type MethodOutcome, runMethod, type RunSettings } from './methods.js';

const BASE = import.meta.env.BASE_URL;

/** The model to explain: a bundled folder of models/ or a dropped file. */
export type ModelPick = { kind: 'bundled'; name: string } | { kind: 'file'; file: File };

export interface Request extends RunSettings {
  model: ModelPick;
  image: RgbaImage;
  method: MethodChoice;
  ep: WebExecutionProviderName;
  threads?: number;
}

/** What the page shows and the contract publishes. */
export interface Outcome extends MethodOutcome {
  predicted: number;
  probabilities: number[];
  executionProvider: string;
  fallbacks: string[];
  cache: string;
  /** Milliseconds the method ran (the model already loaded). */
  ms: number;
  loadMs: number;
  spec: ResolvedPreprocessSpec;
}

let held: { key: string; model: OnnxGradientModel; spec: ResolvedPreprocessSpec } | undefined;

const keyOf = (p: ModelPick, ep: string) => (p.kind === 'bundled' ? `${p.name}|${ep}` : `file:${p.file.name}:${p.file.size}:${p.file.lastModified}|${ep}`);

async function specOf(p: ModelPick, inputShape: readonly number[]): Promise<ResolvedPreprocessSpec> {
  if (p.kind === 'bundled') {
    const res = await fetch(`${BASE}models/${p.name}/card.json`);
    if (res.ok) {
      const card = (await res.json()) as { preprocessing?: unknown };
      if (card.preprocessing !== undefined) return parsePreprocessSpec(card.preprocessing, `${p.name}/card.json (field 'preprocessing')`);
    }
  }
  return parsePreprocessSpec(inferPreprocessSpec(inputShape));
}

async function modelFor(r: Request, signal: AbortSignal): Promise<{ model: OnnxGradientModel; spec: ResolvedPreprocessSpec; loadMs: number }> {
  const key = keyOf(r.model, r.ep);
  if (held?.key === key) return { ...held, loadMs: 0 };
  await held?.model.dispose();
  held = undefined;
  if (r.model.kind === 'bundled' && !(bundled as readonly string[]).includes(r.model.name))
    throw new DemoError(`model: unknown model '${r.model.name}'; the bundled models are ${bundled.join(', ')}`);
  const t0 = performance.now();
  const source = r.model.kind === 'bundled' ? `${BASE}models/${r.model.name}/model.onnx` : r.model.file;
  const model = await loadModel(source, { executionProviders: [r.ep], signal, ort: { wasmPaths: new URL(`${BASE}ort/`, document.baseURI).href, numThreads: r.threads } });
  const spec = await specOf(r.model, model.inputShape);
  checkSpecShape(spec, model.inputShape, 'preprocessing');
  held = { key, model, spec };
  return { model, spec, loadMs: performance.now() - t0 };
}

/** Runs one request. */
export async function explain(r: Request, signal: AbortSignal, onStep: (done: number, total: number) => void): Promise<Outcome> {
  const { model, spec, loadMs } = await modelFor(r, signal);
  if (typeof r.target === 'number' && (r.target < 0 || r.target >= model.classes))
    throw new DemoError(`target: class ${r.target} is not a class of this model (it has ${model.classes}: 0..${model.classes - 1})`);
  const x = preprocess([r.image], spec);
  const t0 = performance.now();
  const probabilities = Array.from(softmax(await model.logits(x)).data);
  const predicted = argmax(probabilities, 0, model.classes);
  const out = await runMethod(model, x, r.image, spec, r.method, r, { signal, onStep });
  return {
    ...out, predicted, probabilities, executionProvider: model.executionProvider, cache: model.cache.status,
    fallbacks: model.fallbacks.map((f) => `${f.name}: ${f.reason}`), ms: performance.now() - t0, loadMs, spec,
  };
}
