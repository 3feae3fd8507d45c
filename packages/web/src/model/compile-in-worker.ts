/**
 * Compiling a gradient graph in a Web Worker, so a page stays responsive while @axplain/onnx
 * works; where there is no Worker (Node, old runtimes) it compiles in place.
 */
import { AxplainError } from '@axplain/core';
import { compileGradient, type CompiledGradient, type GradientCompileOptions } from '@axplain/ort';

/** The compiler's error, raised in the worker, with its original name and code. */
export class GradientCompileError extends AxplainError {
  constructor(message: string, code: string, readonly originalName: string) {
    super(message, code);
  }
}

/** Browsers (pages and workers) have module workers; Node's test runners may define a `Worker` that cannot load this module. */
const canSpawnWorkers = (): boolean =>
  typeof Worker === 'function' && typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node !== 'string';

type Reply = { ok: true; compiled: CompiledGradient } | { ok: false; name: string; code?: string; message: string };

/**
 * Compiles in a fresh module worker (terminated afterwards); `signal` terminates it early.
 * @example const g = await compileInWorker(bytes, { wrt: 'input', of: 'logits' });
 */
export function compileInWorker(bytes: Uint8Array, options: GradientCompileOptions, signal?: AbortSignal): Promise<CompiledGradient> {
  if (!canSpawnWorkers()) return Promise.resolve(compileGradient(bytes, options));
  signal?.throwIfAborted();
  return new Promise<CompiledGradient>((resolve, reject) => {
    const worker = new Worker(new URL('./compile-worker.ts', import.meta.url), { type: 'module', name: 'axplain-compile' });
    const done = () => { worker.terminate(); signal?.removeEventListener('abort', abort); };
    const abort = () => { done(); reject(signal!.reason); };
    signal?.addEventListener('abort', abort, { once: true });
    worker.onmessage = (e: MessageEvent<Reply>) => {
      done();
      const r = e.data;
      if (r.ok) resolve(r.compiled);
      else reject(new GradientCompileError(r.message, r.code ?? 'COMPILE', r.name));
    };
    worker.onerror = (e) => {
      done();
      reject(new GradientCompileError(`the compile worker failed to run: ${e.message || 'no message (is the worker script served?)'}`, 'COMPILE_WORKER', 'Error'));
    };
    // A copy goes to the worker: the caller keeps its bytes for the sessions.
    worker.postMessage({ bytes: bytes.slice(), wrt: options.wrt, of: options.of, portable: options.portable });
  });
}
