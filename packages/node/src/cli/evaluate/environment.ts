/**
 * What a job of `axplain evaluate` runs on, built from the run spec alone (so a worker thread or a
 * queue worker needs nothing else): the model from its file, checked against the spec's hash, and
 * the spec's samples, checked against theirs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRandomizableGradientModel } from '@axplain/ort';
import { metric } from '@axplain/metrics';
import { checkExecutionProviders } from '../../model/execution-providers.js';
import { loadModel } from '../../model/load-model.js';
import { nodeRuntime } from '../../model/node-runtime.js';
import { CliError } from '../run.js';
import { type EvalData, loadEvalData } from './data.js';
import type { JobEnvironment } from './job.js';
import { type RunSpec, sha256 } from './spec.js';

/** sha256 of the samples' float32 bytes and labels. */
export const dataHash = (data: EvalData): string =>
  sha256(Buffer.concat([Buffer.from(data.x.buffer, data.x.byteOffset, data.x.byteLength), Buffer.from(data.y.buffer, data.y.byteOffset, data.y.byteLength)]));

/** Whether a metric of the spec re-draws the model's layers (then the model is opened randomizable). */
export const needsRandomizable = (spec: Pick<RunSpec, 'metrics'>): boolean => spec.metrics.some((k) => metric(k.name).needs.includes('randomizable'));

/** Opens the spec's model (randomizable when a metric needs it); `dispose` it when done. */
export async function openSpecModel(spec: Pick<RunSpec, 'model' | 'executionProviders' | 'metrics'>, bytes?: Uint8Array) {
  const b = bytes ?? (existsSync(spec.model.path) ? readFileSync(spec.model.path) : undefined);
  if (!b) throw new CliError(`model file '${spec.model.path}' does not exist`);
  if (sha256(b) !== spec.model.sha256) throw new CliError(`model file '${spec.model.path}' changed during the run (its sha256 is no longer ${spec.model.sha256})`);
  return needsRandomizable(spec)
    ? createRandomizableGradientModel(b, nodeRuntime, { executionProviders: spec.executionProviders, checkExecutionProviders, source: spec.model.path })
    : loadModel(b, { executionProviders: spec.executionProviders });
}

/** The model and samples of `spec`, checked against its hashes. */
export async function openJobEnvironment(spec: RunSpec): Promise<JobEnvironment> {
  const model = await openSpecModel(spec);
  try {
    const data = await loadEvalData(spec.dataset, model.inputShape, model.classes, spec.preprocess, spec.samples);
    if (data.n !== spec.samples || dataHash(data) !== spec.dataSha256) throw new CliError('the dataset changed during the run (its samples no longer match the run spec)');
    return { model, data };
  } catch (e) {
    await model.dispose();
    throw e;
  }
}
