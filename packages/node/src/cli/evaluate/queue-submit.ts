/**
 * The submitting side of `axplain evaluate --queue URL`: the run's pending batch jobs go to Redis
 * as one BullMQ flow (a parent per run, a child per batch job, ids from the run spec's hash), and
 * their records come back to the caller, which journals them exactly as the local worker pool's.
 *
 * - Re-attach: a flow of the same run already in Redis (a submitter killed and started again, or a
 *   second terminal) is not submitted again; its finished children are collected, the others
 *   awaited.
 * - Redis restarted: the clients reconnect and the run goes on (with `appendonly yes` Redis keeps
 *   its jobs). If Redis lost its data, the batch jobs missing from it are submitted again from the
 *   journal's view of what is still pending: nothing is lost; a job run twice is journalled once.
 * - A batch job that failed all its attempts (or failed for good, e.g. a model of another hash on
 *   a worker) stops the run with its reason.
 */
import { FlowProducer, Queue, QueueEvents } from 'bullmq';
import { CliError } from '../run.js';
import type { SampleRecord } from './job.js';
import { ATTEMPTS, type BatchData, batchJobId, type BatchResult, checkRedis, connectionErrorReporter, JOBS_QUEUE, RUNS_QUEUE, runJobId } from './queue-common.js';
import type { QueueConnection } from './queue-url.js';
import { type Job, type RunSpec, specHash } from './spec.js';

export interface QueueCallbacks {
  signal?: AbortSignal;
  onJob: (job: number, records: SampleRecord[]) => void;
  /** Samples done in the jobs running now (across workers), by BullMQ's progress events. */
  onRunning?: (samples: number) => void;
  /** One line about the run (submitted, re-attached, re-submitted). */
  log?: (line: string) => void;
}

/** How often the submitter looks at its pending jobs besides BullMQ's completed events (catches events missed while Redis was away). */
const POLL_MS = 1000;

const abortError = (): Error => Object.assign(new Error('evaluate aborted'), { name: 'AbortError' });

const batchOptions = (hash: string, job: Job) => ({
  jobId: batchJobId(hash, job.index), attempts: ATTEMPTS, backoff: { type: 'fixed', delay: 1000 }, removeOnComplete: false, removeOnFail: false,
});

/** Runs `pending` jobs of `spec` on the queue's workers; resolves when all are journalled, then removes the run's flow from Redis. */
export async function runOnQueue(spec: RunSpec, pending: readonly Job[], conn: QueueConnection, cb: QueueCallbacks): Promise<void> {
  await checkRedis(conn);
  const hash = specHash(spec);
  const connection = conn.options;
  const report = connectionErrorReporter(conn, 'evaluate');
  const jobs = new Queue<BatchData, BatchResult>(JOBS_QUEUE, { connection });
  const runs = new Queue(RUNS_QUEUE, { connection });
  const events = new QueueEvents(JOBS_QUEUE, { connection });
  const flow = new FlowProducer({ connection });
  jobs.on('error', report);
  runs.on('error', report);
  events.on('error', report);
  flow.on('error', report);
  const open = new Map(pending.map((j) => [batchJobId(hash, j.index), j]));
  const running = new Map<string, number>();
  let wake: () => void = () => {};
  const tick = (): Promise<void> => new Promise((resolve) => { wake = resolve; setTimeout(resolve, POLL_MS); });
  events.on('progress', ({ jobId, data }) => {
    if (!open.has(jobId) || typeof data !== 'number') return;
    running.set(jobId, data);
    cb.onRunning?.([...running.values()].reduce((s, n) => s + n, 0));
  });
  events.on('completed', ({ jobId }) => { if (open.has(jobId)) wake(); });
  events.on('failed', ({ jobId }) => { if (open.has(jobId)) wake(); });
  const onAbort = (): void => wake();
  cb.signal?.addEventListener('abort', onAbort);
  try {
    await events.waitUntilReady();
    const parent = pending.length ? await runs.getJob(runJobId(hash)) : undefined;
    if (!pending.length) { /* all journalled: only the flow's cleanup below is left */ } else if (parent) {
      cb.log?.(`re-attached to run ${hash.slice(0, 12)} on ${conn.display}`);
      // Jobs that failed for good in an earlier attempt at this run (say, a worker with another model file) get another chance.
      for (const job of pending) {
        const found = await jobs.getJob(batchJobId(hash, job.index));
        if (found && (await found.getState()) === 'failed') {
          cb.log?.(`batch job ${job.index} had failed (${conn.redact(found.failedReason ?? 'no reason given')}); retrying it`);
          await found.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
        }
      }
    } else {
      await flow.add({
        name: 'run', queueName: RUNS_QUEUE, data: { specHash: hash }, opts: { jobId: runJobId(hash) },
        children: pending.map((job) => ({ name: `samples ${job.start}..${job.end - 1}`, queueName: JOBS_QUEUE, data: { specHash: hash, spec, job }, opts: batchOptions(hash, job) })),
      });
      cb.log?.(`submitted ${pending.length} batch job${pending.length === 1 ? '' : 's'} as run ${hash.slice(0, 12)} to ${conn.display}`);
    }
    while (open.size) {
      if (cb.signal?.aborted) throw abortError();
      for (const [id, job] of [...open]) {
        // The state first: a job read before it completed would hold no result yet.
        const state = await jobs.getJobState(id);
        if (state === 'unknown') {
          // Redis lost the job (restarted without persistence): submit it again from the journal's pending list.
          await jobs.add(`samples ${job.start}..${job.end - 1}`, { specHash: hash, spec, job }, batchOptions(hash, job));
          cb.log?.(`batch job ${job.index} was missing from Redis; submitted it again`);
        } else if (state === 'completed') {
          const result = (await jobs.getJob(id))?.returnvalue;
          if (!result || !Array.isArray(result.records) || result.records.length !== job.end - job.start)
            throw new CliError(`batch job ${job.index} came back from the queue without its ${job.end - job.start} records`);
          open.delete(id);
          running.delete(id);
          cb.onJob(job.index, result.records);
        } else if (state === 'failed') {
          const found = await jobs.getJob(id);
          throw new CliError(`batch job ${job.index} (samples ${job.start}..${job.end - 1}) failed on the queue after ${found?.attemptsMade ?? '?'} attempt(s): ${conn.redact(found?.failedReason ?? 'no reason given')}`);
        }
      }
      if (open.size) await tick();
    }
    // Done: the run's flow leaves Redis (the parent with its children, and any child submitted again).
    await (await runs.getJob(runJobId(hash)))?.remove().catch(() => undefined);
    for (const job of pending) await jobs.remove(batchJobId(hash, job.index)).catch(() => undefined);
  } finally {
    cb.signal?.removeEventListener('abort', onAbort);
    await Promise.all([events.close(), jobs.close(), runs.close(), flow.close()]);
  }
}
