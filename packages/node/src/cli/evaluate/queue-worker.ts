/**
 * The processor of `axplain worker`: runs a batch job of `axplain evaluate` (the pure
 * `evaluateJob` on the spec and range in the job's data) and keeps what it opened warm for the next
 * jobs: model sessions by the model's content hash (one per concurrent job, as a randomizing
 * metric changes a session's weights), samples by their hash. The model is read from the path in
 * the job and must have the run's sha256; another file fails the job for good, naming both hashes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { GradientModel } from '@axplain/core';
import { type Job as BullJob, UnrecoverableError } from 'bullmq';
import { type EvalData, loadEvalData } from './data.js';
import { dataHash, needsRandomizable, openSpecModel } from './environment.js';
import { evaluateJob } from './job.js';
import type { BatchData, BatchResult } from './queue-common.js';
import { type RunSpec, sha256 } from './spec.js';

export interface WarmCache {
  /** Idle model sessions by (model sha256, EPs, randomizable). */
  models: Map<string, GradientModel[]>;
  /** Samples by the spec's data hash. */
  data: Map<string, Promise<EvalData>>;
  /** The EP the last opened session runs on. */
  ep: string;
}

export const newWarmCache = (): WarmCache => ({ models: new Map(), data: new Map(), ep: '?' });

/** Disposes every idle session. */
export async function disposeWarmCache(cache: WarmCache): Promise<void> {
  for (const list of cache.models.values()) for (const m of list.splice(0)) await m.dispose();
}

/** The model file of `spec` on this machine, checked against the run's hash (a mismatch fails the job for good). */
function modelBytes(spec: RunSpec): Uint8Array {
  const { path, sha256: want } = spec.model;
  if (!existsSync(path)) throw new Error(`model file '${path}' does not exist on worker ${hostname()} (run the worker where the submitter's --model path exists)`);
  const bytes = readFileSync(path);
  const got = sha256(bytes);
  if (got !== want) throw new UnrecoverableError(`model file '${path}' on worker ${hostname()} has sha256 ${got}, but the run needs ${want}: copy the submitter's model there`);
  return bytes;
}

/**
 * A BullMQ processor for batch jobs; `eps` overrides the spec's execution providers when given.
 * @example new Worker(JOBS_QUEUE, batchProcessor(newWarmCache(), ['cpu'], log), { connection })
 */
export function batchProcessor(cache: WarmCache, eps: string[] | undefined, log: (line: string) => void) {
  return async (job: BullJob<BatchData, BatchResult>, _token?: string, signal?: AbortSignal): Promise<BatchResult> => {
    const { spec, job: range } = job.data;
    const run = { ...spec, executionProviders: eps ?? spec.executionProviders };
    const key = [spec.model.sha256, run.executionProviders.join(','), needsRandomizable(spec)].join('|');
    const t0 = performance.now();
    const label = `batch job ${range.index} of run ${job.data.specHash.slice(0, 12)} (samples ${range.start}..${range.end - 1}, start ${job.attemptsStarted})`;
    log(`${label} started`);
    let model = cache.models.get(key)?.pop();
    if (!model) {
      model = await openSpecModel(run, modelBytes(spec));
      cache.ep = (model as { executionProvider?: string }).executionProvider ?? run.executionProviders[0] ?? '?';
    } else {
      modelBytes(spec); // the file may have changed since the session was opened
    }
    try {
      let data = cache.data.get(spec.dataSha256);
      if (!data) {
        if (cache.data.size >= 4) cache.data.delete(cache.data.keys().next().value!); // the oldest run's samples
        cache.data.set(spec.dataSha256, (data = loadEvalData(spec.dataset, model.inputShape, model.classes, spec.preprocess, spec.samples)));
      }
      const samples = await data.catch((e: unknown) => { cache.data.delete(spec.dataSha256); throw e; });
      if (samples.n !== spec.samples || dataHash(samples) !== spec.dataSha256) {
        cache.data.delete(spec.dataSha256);
        throw new UnrecoverableError(`the dataset on worker ${hostname()} differs from the submitter's (its samples do not have the run's hash)`);
      }
      let done = 0;
      const records = await evaluateJob({ model, data: samples }, run, range.start, range.end, {
        signal, onSample: () => void job.updateProgress(++done).catch(() => undefined),
      });
      log(`${label} done in ${((performance.now() - t0) / 1000).toFixed(1)} s on ${cache.ep}`);
      return { records, worker: `${hostname()}:${process.pid}`, ep: cache.ep };
    } finally {
      const list = cache.models.get(key) ?? [];
      list.push(model);
      cache.models.set(key, list);
    }
  };
}
