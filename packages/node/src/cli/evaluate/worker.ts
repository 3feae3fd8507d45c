/**
 * A worker thread of `axplain evaluate`: opens its own model session and samples from the run spec
 * (`init`), then runs the jobs it is sent (`job`) and posts their records, one message per sample
 * for the progress bar.
 */
import { parentPort } from 'node:worker_threads';
import { evaluateJob, type JobEnvironment } from './job.js';
import { openJobEnvironment } from './environment.js';
import type { WorkerReply, WorkerRequest } from './pool.js';
import type { RunSpec } from './spec.js';

const port = parentPort!;
let env: JobEnvironment | undefined;
let spec: RunSpec | undefined;

const post = (m: WorkerReply): void => port.postMessage(m);
const failure = (e: unknown): WorkerReply => ({ type: 'error', name: (e as Error)?.name ?? 'Error', message: (e as Error)?.message ?? String(e), stack: (e as Error)?.stack, user: Boolean((e as { code?: unknown })?.code) || e instanceof RangeError || e instanceof TypeError });

port.on('message', (m: WorkerRequest) => {
  void (async () => {
    try {
      if (m.type === 'init') {
        spec = m.spec;
        env = await openJobEnvironment(spec);
        post({ type: 'ready' });
      } else {
        const records = await evaluateJob(env!, spec!, m.job.start, m.job.end, { onSample: (index) => post({ type: 'sample', index }) });
        post({ type: 'done', job: m.job.index, records });
      }
    } catch (e) {
      post(failure(e));
    }
  })();
});
