/**
 * The run spec of `axplain evaluate`: everything that decides its numbers (model bytes, data,
 * methods and metrics with their resolved options, seed, target), as plain JSON. Its hash keys
 * the journal, so a resumed run continues only the same command. The samples are cut into jobs
 * of a fixed size that does not depend on the number of workers.
 */
import { createHash } from 'node:crypto';
import { deriveSeed, type PreprocessSpec } from '@axplain/core';

/** A dataset of the CLI: a named one (its test split) or a folder of labelled images, optionally with boxes. */
export type DatasetRef =
  | { kind: 'mnist' | 'fashion' | 'decoy' | 'canvas' }
  | { kind: 'folder'; dir: string; files: { path: string; label: number; box?: [number, number, number, number] }[] };

export interface NamedOptions { name: string; options: Record<string, unknown> }

export interface RunSpec {
  model: { path: string; sha256: string };
  executionProviders: string[];
  preprocess: PreprocessSpec;
  dataset: DatasetRef;
  /** Samples evaluated: the first `samples` of the dataset. */
  samples: number;
  /** sha256 of the evaluated inputs (float32 bytes) and labels: a changed folder is a different run. */
  dataSha256: string;
  /** The class explained and scored: the model's prediction or the sample's label. */
  target: 'predicted' | 'label';
  seed: number;
  /** Methods with their resolved options (without target and seed, set per sample). */
  methods: NamedOptions[];
  /** Metrics with their resolved options (without seed, set per sample). */
  metrics: NamedOptions[];
  /** Samples per job. */
  jobSize: number;
}

/** One unit of work: samples [start, end) of the spec. */
export interface Job { index: number; start: number; end: number }

/** JSON with object keys sorted, so equal specs hash equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))) : v);
}

export const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** The hash that identifies a run (the model's path is left out: the bytes' hash is in). */
export const specHash = (spec: RunSpec): string => sha256(canonicalJson({ ...spec, model: { sha256: spec.model.sha256 } }));

/** The jobs of a spec, in sample order. */
export function jobsOf(spec: RunSpec): Job[] {
  return Array.from({ length: Math.ceil(spec.samples / spec.jobSize) }, (_, index) => ({
    index, start: index * spec.jobSize, end: Math.min(spec.samples, (index + 1) * spec.jobSize),
  }));
}

/** FNV-1a of a name, as a seed stream. */
function nameStream(name: string): number {
  let h = 0x811c9dc5;
  for (const c of name) h = Math.imul(h ^ c.codePointAt(0)!, 0x01000193);
  return h >>> 0;
}

/**
 * The seed of sample `index` for `names` (a method; a method and a metric): derived from the run
 * seed, the sample's index and the names only, so it is the same in any job, worker or resumed run.
 * @example sampleSeed(0, 7, 'smoothgrad', 'max-sensitivity')
 */
export const sampleSeed = (seed: number, index: number, ...names: string[]): number =>
  names.reduce((s, name) => deriveSeed(s, nameStream(name)), deriveSeed(seed, index));

/** The spec's fields that differ from another's, named as the flags that set them. */
export function specDifferences(a: RunSpec, b: RunSpec): string[] {
  const fields: [string, (s: RunSpec) => unknown][] = [
    ['--model (its bytes)', (s) => s.model.sha256], ['--ep', (s) => s.executionProviders], ['--preprocess', (s) => s.preprocess],
    ['--dataset', (s) => s.dataset], ['--limit', (s) => s.samples], ['the dataset\'s images', (s) => s.dataSha256], ['--target', (s) => s.target],
    ['--seed', (s) => s.seed], ['--methods (or their options)', (s) => s.methods], ['--metrics (or their options)', (s) => s.metrics], ['--job-size', (s) => s.jobSize],
  ];
  return fields.filter(([, f]) => canonicalJson(f(a)) !== canonicalJson(f(b))).map(([name]) => name);
}
