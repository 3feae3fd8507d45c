/**
 * Runs the pending jobs of an `axplain evaluate` spec: in this thread (one worker) or on K worker
 * threads, each with its own model session, handing out jobs in index order as workers free up.
 * Finished jobs are reported as they come (the caller journals them); an abort terminates the
 * workers and rejects with an AbortError; a worker's error rejects with that error's message.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CliError } from '../run.js';
import { openJobEnvironment } from './environment.js';
import { evaluateJob, type SampleRecord } from './job.js';
import type { Job, RunSpec } from './spec.js';

export type WorkerRequest = { type: 'init'; spec: RunSpec } | { type: 'job'; job: Job };
export type WorkerReply =
  | { type: 'ready' } | { type: 'sample'; index: number } | { type: 'done'; job: number; records: SampleRecord[] }
  | { type: 'error'; name: string; message: string; stack?: string; user: boolean };

export interface PoolCallbacks {
  signal?: AbortSignal;
  onJob: (job: number, records: SampleRecord[]) => void;
  onSample?: () => void;
}

/**
 * A new worker thread. From the TypeScript sources (tests, `pnpm axplain`), the worker registers
 * tsx's loader itself, then imports worker.ts: Node does not run a .ts entry, even with tsx given
 * in execArgv. From the build, it runs the bundled `evaluate-worker.js` next to the CLI.
 */
function startWorker(): Worker {
  const source = new URL('./worker.ts', import.meta.url);
  if (!existsSync(fileURLToPath(source))) return new Worker(new URL('./evaluate-worker.js', import.meta.url));
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(source.href)}); })`;
  return new Worker(code, { eval: true, execArgv: ['--conditions', 'source'] });
}

const abortError = (): Error => Object.assign(new Error('evaluate aborted'), { name: 'AbortError' });

/** Runs `jobs` of `spec` on `workers` threads (1: this thread). */
export async function runJobs(spec: RunSpec, jobs: readonly Job[], workers: number, cb: PoolCallbacks): Promise<void> {
  if (jobs.length === 0) return;
  if (workers <= 1) {
    const env = await openJobEnvironment(spec);
    try {
      for (const job of jobs) cb.onJob(job.index, await evaluateJob(env, spec, job.start, job.end, { signal: cb.signal, onSample: cb.onSample }));
    } finally {
      await env.model.dispose();
    }
    return;
  }
  const queue = [...jobs];
  const threads: Worker[] = [];
  let onAbort = (): void => {};
  try {
    await new Promise<void>((resolve, reject) => {
      let running = 0;
      let failed = false;
      const fail = (e: Error): void => { if (!failed) { failed = true; reject(e); } };
      onAbort = () => fail(abortError());
      if (cb.signal?.aborted) return fail(abortError());
      cb.signal?.addEventListener('abort', onAbort, { once: true });
      const next = (w: Worker): void => {
        const job = queue.shift();
        if (!job) { if (running === 0 && !failed) resolve(); return; }
        running++;
        w.postMessage({ type: 'job', job } satisfies WorkerRequest);
      };
      for (let k = 0; k < Math.min(workers, jobs.length); k++) {
        const w = startWorker();
        threads.push(w);
        w.on('message', (m: WorkerReply) => {
          if (failed) return;
          if (m.type === 'ready') next(w);
          else if (m.type === 'sample') cb.onSample?.();
          else if (m.type === 'done') { running--; cb.onJob(m.job, m.records); next(w); }
          else if (m.name === 'AbortError') fail(abortError());
          else fail(m.user ? new CliError(m.message) : Object.assign(new Error(m.message), { name: m.name, stack: m.stack }));
        });
        w.on('error', fail);
        w.on('exit', (code) => { if (code !== 0) fail(new Error(`evaluate worker ${k} exited with code ${code}`)); });
        w.postMessage({ type: 'init', spec } satisfies WorkerRequest);
      }
    });
  } finally {
    cb.signal?.removeEventListener('abort', onAbort);
    await Promise.all(threads.map((w) => w.terminate()));
  }
}
