/**
 * The shape of a metric's registry entry, in the spirit of core's method registry: what it is
 * (name, category, one line, its paper, which direction is better), what it needs and takes
 * (typed options with defaults and domains, validated by core's option specs), and how it runs.
 */
import { type OptionSpecs, type Paper, resolveOptions } from '@axplain/core';
import type { MetricContext, MetricInput, MetricResult } from './types.js';

export type MetricCategory = 'faithfulness' | 'robustness' | 'randomisation' | 'complexity' | 'localisation' | 'alignment';

/** Inputs a metric reads: `model` and `x` always come together; `randomizable`: a model implementing `RandomizableModel`. */
export type MetricNeed = 'model' | 'attribution' | 'explainer' | 'masks' | 'randomizable';

export interface MetricDescriptor<N extends string = string, O = unknown, E = unknown> {
  readonly name: N;
  readonly category: MetricCategory;
  /** One line for help texts. */
  readonly about: string;
  readonly paper: Paper;
  /** Which per-sample values are better; 'none' for similarities whose reading depends on the test. */
  readonly better: 'higher' | 'lower' | 'none';
  readonly needs: readonly MetricNeed[];
  readonly options: OptionSpecs<O>;
  /** `raw` validated, defaults filled in; keys the metric does not take are ignored. */
  resolve(raw?: Readonly<Record<string, unknown>>): O;
  /** Runs on resolved options. */
  run(input: MetricInput, options: O, context?: MetricContext): Promise<MetricResult<E>>;
  /** `run(input, resolve(raw), context)`. */
  evaluate(input: MetricInput, raw?: Readonly<Record<string, unknown>>, context?: MetricContext): Promise<MetricResult<E>>;
}

/** A descriptor from its parts; `resolve` and `evaluate` are derived. */
export function defineMetric<N extends string, O, E>(
  d: Omit<MetricDescriptor<N, O, E>, 'resolve' | 'evaluate' | 'run'> & { run(input: MetricInput, options: O, context: MetricContext): Promise<MetricResult<E>> },
): MetricDescriptor<N, O, E> {
  const resolve = (raw?: Readonly<Record<string, unknown>>): O => resolveOptions(d.options, raw);
  const run = async (input: MetricInput, options: O, context: MetricContext = {}) => d.run(input, options, context);
  const evaluate = async (input: MetricInput, raw?: Readonly<Record<string, unknown>>, context: MetricContext = {}) => run(input, resolve(raw), context);
  return Object.freeze({ ...d, resolve, run, evaluate });
}
