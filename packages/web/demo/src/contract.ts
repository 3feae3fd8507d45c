/**
 * The page's URL contract, for tests (ours and others'):
 * `?model=mnist-standard&sample=mnist/digit-7&method=ig&ep=wasm&target=predicted&run=1` runs
 * without clicks; when it ends `document.body.dataset.status` is 'done' or 'error' (the message
 * in `document.body.dataset.error`) and `window.axplainResult` holds the numbers.
 * A text model (its folder has vocab.json) takes `text` instead of `sample`:
 * `?model=spam&text=Buy%20now&method=ig&run=1` publishes the tokens with their attributions.
 */
import type { WebExecutionProviderName } from '@axplain/web';
import { DemoError } from './errors.js';
import type { Outcome } from './session.js';
import type { TextOutcome } from './text-session.js';

/** What `window.axplainResult` holds after a run. */
export interface AxplainResult {
  predicted: number;
  probabilities: number[];
  /** The attribution map, flat, the input's size (attacks: adversarial - input). */
  attribution: number[];
  executionProvider: string;
  /** Milliseconds the method took (the model already loaded). */
  ms: number;
  method: string;
  target: number;
  loadMs: number;
  cache: string;
}

/** What `window.axplainResult` holds after a text model's run. */
export interface AxplainTextResult {
  /** The predicted class's label (its index when the model has no labels). */
  predicted: string | number;
  probabilities: number[];
  labels: string[];
  /** One entry per token the model read, in order (header tokens first for an email). */
  tokens: { token: string; attribution: number }[];
  headerCount: number;
  executionProvider: string;
  /** Milliseconds the prediction and the method took (the model already loaded). */
  ms: number;
  method: string;
  target: number;
  delta?: number;
  loadMs: number;
}

declare global {
  interface Window { axplainResult?: AxplainResult | AxplainTextResult }
}

/** The parameters, checked; everything optional falls back to the page's defaults. */
export interface PageParams {
  model?: string;
  sample?: string;
  method?: string;
  ep?: WebExecutionProviderName;
  target?: number | 'predicted';
  steps?: number;
  eps?: number;
  threads?: number;
  /** The text to explain (text models). */
  text?: string;
  run: boolean;
}

const positiveInt = (name: string, v: string | null): number | undefined => {
  if (v === null) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new DemoError(`${name}: expected a whole number >= 1, got '${v}'`);
  return n;
};

/** Reads and checks the URL's parameters. */
export function readParams(search: string): PageParams {
  const q = new URLSearchParams(search);
  const ep = q.get('ep');
  if (ep !== null && ep !== 'wasm' && ep !== 'webgpu') throw new DemoError(`ep: expected 'wasm' or 'webgpu', got '${ep}'`);
  const t = q.get('target');
  let target: number | 'predicted' | undefined;
  if (t !== null && t !== 'predicted') {
    target = Number(t);
    if (!Number.isInteger(target) || target < 0) throw new DemoError(`target: expected a class index or 'predicted', got '${t}'`);
  } else if (t === 'predicted') target = 'predicted';
  const eps = q.get('eps');
  if (eps !== null && !(Number(eps) > 0)) throw new DemoError(`eps: expected a number > 0, got '${eps}'`);
  return {
    model: q.get('model') ?? undefined, sample: q.get('sample') ?? undefined, method: q.get('method') ?? undefined,
    ep: (ep ?? undefined) as WebExecutionProviderName | undefined, target, steps: positiveInt('steps', q.get('steps')),
    eps: eps === null ? undefined : Number(eps), threads: positiveInt('threads', q.get('threads')), text: q.get('text') ?? undefined, run: q.get('run') === '1',
  };
}

/** Marks the page busy. */
export function markRunning(): void {
  document.body.dataset.status = 'running';
  delete document.body.dataset.error;
}

/** Publishes a finished run. */
export function publishDone(o: Outcome, method: string): void {
  window.axplainResult = {
    predicted: o.predicted, probabilities: o.probabilities, attribution: Array.from(o.attribution.data), executionProvider: o.executionProvider,
    ms: o.ms, method, target: o.explained, loadMs: o.loadMs, cache: o.cache,
  };
  document.body.dataset.status = 'done';
}

/** Publishes a finished text run. */
export function publishTextDone(o: TextOutcome): void {
  window.axplainResult = {
    predicted: o.predicted, probabilities: o.probabilities, labels: o.labels, tokens: o.tokens.map((t) => ({ token: t.token, attribution: t.attribution })),
    headerCount: o.headerCount, executionProvider: o.executionProvider, ms: o.ms, method: o.method, target: o.target, loadMs: o.loadMs,
    ...(o.delta !== undefined ? { delta: o.delta } : {}),
  };
  document.body.dataset.status = 'done';
}

/** Publishes a failure. */
export function publishError(message: string): void {
  document.body.dataset.error = message;
  document.body.dataset.status = 'error';
}
