/**
 * `loadTextModel` for the browser: a text classifier (token ids in, logits out) with its word
 * vocabulary and card, on onnxruntime-web, opened at its embedding output so that the gradient
 * methods attribute per token. The model, vocabulary and card are read here (URLs, bytes or
 * files); what they mean and how they are checked is @axplain/ort's `openTextModel`, the same
 * code as @axplain/node's, so `explainText` gives the same numbers on both.
 */
import { openTextModel, type TextModel } from '@axplain/ort';
import { applyOrtSettings, type OrtWebSettings } from '../model/ort-settings.js';
import { type ModelSource, ModelSourceError, readModelSource } from '../model/model-source.js';
import { checkWebExecutionProviders, webRuntime, type WebExecutionProviderName } from '../model/web-runtime.js';

export interface WebTextModelOptions {
  /**
   * The model card (labels, the `text` encoding): parsed JSON, a URL, or `false` for none.
   * @defaultValue card.json beside a model given by URL (none when the server has none); none otherwise
   */
  card?: Record<string, unknown> | string | URL | false;
  /** Class names. @defaultValue the card's labels */
  labels?: readonly string[];
  /** EPs to try in order. @defaultValue ['wasm'] */
  executionProviders?: (WebExecutionProviderName | { name: WebExecutionProviderName; [option: string]: unknown })[];
  /** onnxruntime-web's own settings (global to the page). */
  ort?: OrtWebSettings;
  signal?: AbortSignal;
}

/** The text of a source (vocab.json, card.json). */
async function readText(source: ModelSource, what: string, signal?: AbortSignal): Promise<{ text: string; name: string }> {
  const r = await readModelSource(source, what, signal);
  return { text: new TextDecoder().decode(r.bytes), name: r.name };
}

function parseJson(text: string, name: string): Record<string, unknown> {
  try {
    const v = JSON.parse(text) as unknown;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('expected a JSON object');
    return v as Record<string, unknown>;
  } catch (e) {
    throw new ModelSourceError(name, `is not a model card (${(e as Error).message})`, { cause: e });
  }
}

async function readCard(source: ModelSource, option: WebTextModelOptions['card'], signal?: AbortSignal): Promise<{ card?: Record<string, unknown>; name?: string }> {
  if (option === false) return {};
  if (option !== undefined && !(typeof option === 'string' || option instanceof URL)) return { card: option, name: 'card' };
  if (option !== undefined) {
    const r = await readText(option, 'model card', signal);
    return { card: parseJson(r.text, r.name), name: r.name };
  }
  if (!(typeof source === 'string' || source instanceof URL)) return {};
  const url = new URL('card.json', new URL(String(source), globalThis.location?.href)).href;
  const res = await fetch(url, { signal }).catch(() => undefined);
  if (!res?.ok) return {};
  return { card: parseJson(await res.text(), url), name: url };
}

/**
 * Loads a text classifier in the browser for token explanations.
 * @example
 * ```ts
 * import { explainText, loadTextModel } from '@axplain/web';
 * const tm = await loadTextModel('/models/spam/model.onnx', '/models/spam/vocab.json');
 * const r = await explainText(tm, email, { method: 'ig' });
 * r.predicted; // 'spam'; r.tokens: [{ token, attribution }, ...]
 * await tm.dispose();
 * ```
 */
export async function loadTextModel(source: ModelSource, vocab: ModelSource | Record<string, unknown>, options: WebTextModelOptions = {}): Promise<TextModel & { executionProvider: string }> {
  const eps = checkWebExecutionProviders(options.executionProviders ?? ['wasm']);
  applyOrtSettings(options.ort);
  const model = await readModelSource(source, 'model', options.signal);
  const { card, name: cardName } = await readCard(source, options.card, options.signal);
  const isObject = vocab !== null && typeof vocab === 'object' && !(vocab instanceof Uint8Array) && !(vocab instanceof ArrayBuffer) && !(vocab instanceof URL) && !(typeof Blob !== 'undefined' && vocab instanceof Blob);
  const v = isObject ? { text: vocab, name: 'vocabulary' } : await readText(vocab as ModelSource, 'vocabulary', options.signal);
  const tm = await openTextModel(webRuntime, { model: model.bytes, vocab: v.text, card, modelName: model.name, vocabName: v.name, cardName }, { labels: options.labels, executionProviders: eps });
  return Object.assign(tm, { executionProvider: tm.model.executionProvider });
}
