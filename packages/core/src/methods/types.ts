/**
 * The shape of a registry entry: what a method is (name, family, one line, its paper), what it
 * takes (typed options with defaults and domains), how long it reports progress for, and how it
 * runs, with a typed summary of what it found besides its attribution map.
 */
import { DEFAULT_INTERNAL_BATCH_SIZE } from '../batching.js';
import type { GradientModel } from '../gradient-model.js';
import type { Tensor } from '../tensor.js';
import { type OptionSpecs, resolveOptions } from './options.js';

/** The publication a method comes from. */
export interface Paper {
  readonly authors: string;
  readonly title: string;
  readonly year: number;
}

/** Families of explanation methods. */
export type ExplanationFamily = 'attribution' | 'boundary' | 'counterfactual' | 'black-box';

/** Cancellation and progress of one run. */
export interface RunContext {
  /** Checked between model calls; aborting rejects with an `AbortError`-named error. */
  signal?: AbortSignal;
  /** Called after each progress step: `done` of `total` (see `progressSteps`). */
  onStep?: (done: number, total: number) => void;
}

/** What an explanation method returns through the registry: one map, the classes, a typed summary. */
export interface ExplanationRun<S> {
  /** One attribution map for the batch (AXAI: selected segments at their density; fw: the perturbation). */
  attribution: Tensor;
  /** The class explained (fw: the counterfactual class), per sample. */
  targets: Int32Array;
  /** The method's own findings, discriminated by `kind` (the method's name). */
  summary: S;
}

/** One explanation method of the registry. `O`: its resolved options; `S`: its summary. */
export interface ExplanationDescriptor<N extends string = string, O = unknown, S extends { kind: N } = { kind: N }> {
  readonly name: N;
  readonly family: ExplanationFamily;
  /** One line for help texts. */
  readonly about: string;
  readonly paper: Paper;
  readonly options: OptionSpecs<O>;
  /** `raw` validated, defaults filled in; keys the method does not take are ignored. */
  resolve(raw?: Readonly<Record<string, unknown>>): O;
  /** The number of `onStep` calls a run on `batch` inputs makes (0: it reports none). */
  progressSteps(options: O, batch?: number): number;
  /** Runs on resolved options. */
  run(model: GradientModel, x: Tensor, options: O, context?: RunContext): Promise<ExplanationRun<S>>;
  /** `run(model, x, resolve(raw), context)`: for callers holding a method of unknown type. */
  explain(model: GradientModel, x: Tensor, raw?: Readonly<Record<string, unknown>>, context?: RunContext): Promise<ExplanationRun<S>>;
}

/** A descriptor from its parts; `resolve` and `explain` are derived. */
export function defineExplanation<N extends string, O, S extends { kind: N }>(
  d: Omit<ExplanationDescriptor<N, O, S>, 'resolve' | 'explain'>,
): ExplanationDescriptor<N, O, S> {
  const resolve = (raw?: Readonly<Record<string, unknown>>): O => resolveOptions(d.options, raw);
  const explain = (model: GradientModel, x: Tensor, raw?: Readonly<Record<string, unknown>>, context?: RunContext) => d.run(model, x, resolve(raw), context);
  return Object.freeze({ ...d, resolve, explain });
}

/** Core progress callbacks `{ step, steps }` as the registry's `(done, total)`. */
export const forwardSteps = (context: RunContext | undefined): ((i: { step: number; steps: number }) => void) | undefined => {
  const onStep = context?.onStep;
  return onStep ? (i) => onStep(i.step, i.steps) : undefined;
};

/** 0/1 flags as booleans (the summaries' `found`, `success`). */
export const flags = (u: Uint8Array): boolean[] => Array.from(u, (v) => v === 1);

/** Chunks of `rows` model rows at the core's default internal batch (64 rows per call). */
export const chunks = (rows: number): number => Math.ceil(rows / DEFAULT_INTERNAL_BATCH_SIZE);
