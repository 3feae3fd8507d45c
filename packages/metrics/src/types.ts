/**
 * What every metric takes and returns: a model, inputs and (for most) their attributions in;
 * per-sample values plus the aggregate (mean and a seeded 95% bootstrap interval) out.
 */
import type { Box, GradientModel, Target, Tensor } from '@axplain/core';

/** Batching, cancellation and progress of one metric run. */
export interface MetricContext {
  /** Most rows (perturbed inputs) per model call. @defaultValue 64 */
  batchSize?: number;
  /** Checked before every model call; aborting rejects with an `AbortError`-named error. */
  signal?: AbortSignal;
  /** Called after every model call: `done` of `total` rows (perturbed inputs) evaluated. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * An explanation method as a function: one attribution per row of `x` ([N, ...inputShape]) for
 * the class `targets[n]`, shaped like `x`. Build one from a core registry name with
 * {@link registryExplainer}.
 */
export type Explainer = (model: GradientModel, x: Tensor, targets: Int32Array, signal?: AbortSignal) => Promise<Tensor>;

/** The inputs of a metric run. Which fields a metric needs is in its registry entry (`needs`). */
export interface MetricInput {
  /** The model (every metric but the complexity and mask-only ones). */
  model?: GradientModel;
  /** Inputs [N, ...model.inputShape]. */
  x?: Tensor;
  /** Class each attribution explains. @defaultValue 'predicted' */
  target?: Target;
  /** Attributions of `x`, shaped like `x` (metrics that score a given map). */
  attribution?: Tensor;
  /**
   * The explanation method (metrics that re-explain perturbed inputs or models): a function, or
   * the name of a method of core's registry (its default options; see `registryExplainer`).
   */
  explainer?: Explainer | string;
  /** Ground-truth regions [N, H, W], 1 inside (localisation metrics); see `boxMasks`. */
  masks?: Tensor;
  /**
   * The valid input range (core's `inputBox(spec)`), given to registry-named explainers whose
   * searches must stay in it (BSM, BIG, AGI, AXAI, fw). @defaultValue { lo: 0, hi: 1 }
   */
  box?: Box;
}

/** Mean of the finite per-sample values and its 95% percentile-bootstrap interval (core's `bootstrap`). */
export interface MetricAggregate {
  mean: number;
  /** [low, high]; [mean, mean] for a single value; [NaN, NaN] when no value is finite. */
  ci95: [number, number];
  /** Number of finite per-sample values the aggregate is over. */
  n: number;
}

export interface MetricResult<E = unknown> extends MetricAggregate {
  /** The metric's registry name. */
  metric: string;
  /** One value per sample (NaN where undefined, e.g. a zero map's rank correlation). */
  perSample: Float64Array;
  /** Metric-specific detail (curves, per-layer values). */
  detail: E;
}
