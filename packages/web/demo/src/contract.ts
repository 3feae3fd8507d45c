/**
 * The page's URL contract, for tests (ours and others'):
 * `?model=mnist-standard&sample=mnist/digit-7&method=ig&ep=wasm&target=predicted&run=1` runs
 * without clicks; when it ends `document.body.dataset.status` is 'done' or 'error' (the message
 * in `document.body.dataset.error`) and `window.axplainResult` holds the numbers.
 */
import type { WebExecutionProviderName } from '@axplain/web';
import { DemoError } from './errors.js';
import type { Outcome } from './session.js';

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

declare global {
  interface Window { axplainResult?: AxplainResult }
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
    eps: eps === null ? undefined : Number(eps), threads: positiveInt('threads', q.get('threads')), run: q.get('run') === '1',
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

/** Publishes a failure. */
export function publishError(message: string): void {
  document.body.dataset.error = message;
  document.body.dataset.status = 'error';
}
