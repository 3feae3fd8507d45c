/**
 * What the submitter (`axplain evaluate --queue`) and the workers (`axplain worker`) agree on: the
 * BullMQ queue names, the job ids (derived from the run spec's hash, so the same command finds its
 * own flow again), a job's data and result, and a first contact with Redis that fails with one
 * clear line instead of retrying forever.
 */
import { Redis } from 'ioredis';
import { CliError } from '../run.js';
import type { SampleRecord } from './job.js';
import type { QueueConnection } from './queue-url.js';
import type { Job, RunSpec } from './spec.js';

/** The queue of batch jobs (the flow's children), served by `axplain worker`. */
export const JOBS_QUEUE = 'axplain-evaluate-jobs';
/** The queue of the flows' parents, one per run; no worker serves it: the submitter collects the children. */
export const RUNS_QUEUE = 'axplain-evaluate-runs';

export const runJobId = (specHash: string): string => `run-${specHash}`;
export const batchJobId = (specHash: string, index: number): string => `${specHash}-${index}`;

export interface BatchData { specHash: string; spec: RunSpec; job: Job }
export interface BatchResult { records: SampleRecord[]; worker: string; ep: string }

/** Attempts per batch job: a job that throws is retried (a stalled one, from a killed worker, is retried by BullMQ's stalled check). */
export const ATTEMPTS = 3;

/**
 * Connects once to Redis and pings it: an unreachable server or refused credentials fail here with
 * one line (the password redacted), instead of reconnecting forever as the queue clients do.
 */
export async function checkRedis(conn: QueueConnection, timeoutMs = 10_000): Promise<void> {
  const client = new Redis({ ...conn.options, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: timeoutMs, enableOfflineQueue: false });
  let first: Error | undefined; // the cause (e.g. WRONGPASS), where the rejection only says the connection closed
  client.on('error', (e: Error) => { first ??= e; });
  try {
    await client.connect();
    await client.ping();
  } catch (e) {
    const why = conn.redact((first ?? (e as Error)).message);
    const hint = conn.options.tls && /ETIMEDOUT|ECONNRESET|EPROTO/.test(why) ? ' (rediss:// speaks TLS: is the server listening for TLS on that port?)' : '';
    throw new CliError(`--queue: cannot use Redis at ${conn.display}: ${why}${hint}`);
  } finally {
    client.disconnect();
  }
}

/** One stderr line per distinct error of a queue client (a Redis restart shows once, not once per reconnection attempt). */
export function connectionErrorReporter(conn: QueueConnection, who: string): (e: Error) => void {
  let last = '';
  return (e) => {
    const line = `axplain ${who}: ${conn.redact(e.message)} (Redis at ${conn.display})`;
    if (line !== last) process.stderr.write(`${line}\n`);
    last = line;
  };
}
