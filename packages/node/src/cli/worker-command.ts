/**
 * `axplain worker --queue redis://host:port [--ep cpu,webgpu] [--concurrency K] [--lock-ms MS]`:
 * serves the batch jobs of `axplain evaluate --queue` from Redis (BullMQ), on this machine, until
 * SIGINT/SIGTERM: then it finishes its active jobs, closes and exits 0 (a second signal exits at
 * once with 130; BullMQ's stalled-job check hands the unfinished jobs to other workers). Model
 * sessions stay warm across jobs. A worker killed outright loses nothing: after about --lock-ms
 * without a lock renewal, another worker's stalled check puts its job back in the queue.
 */
import { hostname } from 'node:os';
import { Worker } from 'bullmq';
import type { Command } from 'commander';
import { checkRedis, connectionErrorReporter, JOBS_QUEUE } from './evaluate/queue-common.js';
import { parseQueueUrl } from './evaluate/queue-url.js';
import { batchProcessor, disposeWarmCache, newWarmCache } from './evaluate/queue-worker.js';
import { executionProviders, flag, wholeNumber } from './flags.js';
import { interruptSignal } from './run.js';

interface WorkerFlags { queue: string; ep?: string[]; concurrency: number; lockMs: number }

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('Serve the batch jobs of `axplain evaluate --queue` from Redis until SIGINT/SIGTERM; run one per machine (or more).')
    .requiredOption('--queue <url>', 'Redis of the run: redis://[user:password@]host[:port][/db], or rediss://... for TLS')
    .addOption(flag('--ep <names>', "execution provider(s) of this worker's sessions, in fallback order (default: the run's --ep)", executionProviders))
    .addOption(flag('--concurrency <k>', 'batch jobs run at once, each with its own model session', wholeNumber('--concurrency', { min: 1, max: 64 }), 1))
    .addOption(flag('--lock-ms <ms>', "how long a job's lock lasts without renewal; a killed worker's job is retried by another worker after about this long", wholeNumber('--lock-ms', { min: 500 }), 30_000))
    .action(async (flags: WorkerFlags) => {
      const conn = parseQueueUrl(flags.queue);
      await checkRedis(conn);
      const say = (line: string): void => void process.stdout.write(`axplain worker: ${line}\n`);
      const cache = newWarmCache();
      const worker = new Worker(JOBS_QUEUE, batchProcessor(cache, flags.ep, say), {
        connection: conn.options, concurrency: flags.concurrency,
        lockDuration: flags.lockMs, stalledInterval: flags.lockMs, maxStalledCount: 2,
      });
      worker.on('error', connectionErrorReporter(conn, 'worker'));
      worker.on('failed', (job, e) => say(`batch job ${job?.data.job.index ?? '?'} failed: ${conn.redact(e.message)}`));
      await worker.waitUntilReady();
      say(`${hostname()}:${process.pid} serving ${JOBS_QUEUE} on ${conn.display}; ${flags.concurrency} job${flags.concurrency === 1 ? '' : 's'} at once; ep ${flags.ep?.join(',') ?? "the run's --ep"}`);
      const signal = interruptSignal();
      await new Promise<void>((resolve) => {
        if (signal.aborted) resolve();
        signal.addEventListener('abort', () => resolve(), { once: true });
        worker.on('closed', () => resolve());
      });
      say('stopping: finishing the active jobs');
      await worker.close();
      await disposeWarmCache(cache);
      say('stopped');
    });
}
