/**
 * One text explanation request of the page: a bundled text model (its folder has vocab.json) and
 * a pasted text, explained token by token with @axplain/ort's `explainText` on onnxruntime-web
 * (the same code the Node CLI runs). The model is kept while the model and EP stay the same.
 */
import { explainText, loadTextModel, TEXT_METHODS, type TextExplanation, type TextMethod, type TextModel, type WebExecutionProviderName } from '@axplain/web';
import { textModels } from 'virtual:axplain-demo-assets';
import { DemoError } from './errors.js';

const BASE = import.meta.env.BASE_URL;

export interface TextRequest {
  model: string;
  text: string;
  method: string;
  ep: WebExecutionProviderName;
  target: number | 'predicted';
  steps?: number;
  threads?: number;
}

export interface TextOutcome extends TextExplanation {
  labels: string[];
  executionProvider: string;
  /** Milliseconds the prediction and the method took (the model already loaded). */
  ms: number;
  loadMs: number;
}

let held: { key: string; tm: TextModel & { executionProvider: string } } | undefined;

/** Whether a bundled model is a text model. */
export const isTextModel = (name: string): boolean => (textModels as readonly string[]).includes(name);

/** Checks a text method's name. */
export function textMethod(name: string): TextMethod {
  if (!(TEXT_METHODS as readonly string[]).includes(name)) throw new DemoError(`method: '${name}' is not a method for text; choose one of ${TEXT_METHODS.join(', ')}`);
  return name as TextMethod;
}

/** Runs one text request. */
export async function explainTextRequest(r: TextRequest, signal: AbortSignal): Promise<TextOutcome> {
  if (!isTextModel(r.model)) throw new DemoError(`model: '${r.model}' is not a text model (no vocab.json beside it); the text models are ${textModels.join(', ') || 'none'}`);
  const method = textMethod(r.method);
  if (r.text.trim() === '') throw new DemoError('text: paste an email (or any text) first; the box is empty');
  const key = `${r.model}|${r.ep}`;
  let loadMs = 0;
  if (held?.key !== key) {
    await held?.tm.dispose();
    held = undefined;
    const t0 = performance.now();
    const tm = await loadTextModel(`${BASE}models/${r.model}/model.onnx`, `${BASE}models/${r.model}/vocab.json`, {
      executionProviders: [r.ep], signal, ort: { wasmPaths: new URL(`${BASE}ort/`, document.baseURI).href, numThreads: r.threads },
    });
    held = { key, tm };
    loadMs = performance.now() - t0;
  }
  const tm = held.tm;
  const classes = tm.model.classes;
  if (typeof r.target === 'number' && r.target >= classes) throw new DemoError(`target: class ${r.target} is not a class of this model (it has ${classes}: 0..${classes - 1})`);
  const t0 = performance.now();
  const out = await explainText(tm, r.text, { method, target: r.target, steps: r.steps, seed: 0, signal });
  const labels = Array.from({ length: classes }, (_, c) => tm.labels?.[c] ?? String(c));
  return { ...out, labels, executionProvider: tm.executionProvider, ms: performance.now() - t0, loadMs };
}
