/**
 * The shape of a registry entry: what a method is (name, family, one line, its paper), what it
 * takes (typed options with defaults and domains), how long it reports progress for, and how it
 * runs, with a typed summary of what it found besides its attribution map.
 */
import { DEFAULT_INTERNAL_BATCH_SIZE } from '../batching.js';
import type { Box } from '../attacks/types.js';
import type { GradientModel } from '../gradient-model.js';
import type { Tensor } from '../tensor.js';
import type { Target } from '../targets.js';
import { integerOption, type OptionSpecs, resolveOptions, targetOption } from './options.js';

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
  /**
   * The valid input range (`inputBox(spec)` of the preprocessing): the boundary, AXAI and
   * counterfactual methods keep every point they search inside it. Front ends must pass it for
   * inputs not in [0, 1] (ImageNet mean/std, [-1, 1]); methods that only take gradients ignore it.
   * @defaultValue { lo: 0, hi: 1 }
   */
  box?: Box;
}

/** `{ box }` when the context has one (spread into core options). */
export const boxOf = (context: RunContext | undefined): { box?: Box } => (context?.box === undefined ? {} : { box: context.box });

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
  /**
   * The number of `onStep` calls a run on `batch` inputs makes (0: it reports none); `undefined`
   * when it reports progress whose total is only known while it runs (each call carries the total).
   */
  progressSteps(options: O, batch?: number): number | undefined;
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

/**
 * A method whose only option is the target (saliency, gradient x input, BSM, Occlusion): `call`
 * is the core function with `{ target, signal, onStep }`. With `progress: 'running'` it reports
 * progress whose total is known only while it runs (BSM's boundary search, Occlusion's chunks);
 * otherwise it is one pass and reports none.
 */
export function targetOnlyMethod<N extends string, R extends { attribution: Tensor; targets: Int32Array }, S extends { kind: N }>(
  about: Pick<ExplanationDescriptor<N>, 'name' | 'family' | 'about' | 'paper'>,
  call: (model: GradientModel, x: Tensor, options: { target: Target; box?: Box; signal?: AbortSignal; onStep?: (i: { step: number; steps: number }) => void }) => Promise<R>,
  summarize: (r: R) => S,
  progress: 'none' | 'running' = 'none',
): ExplanationDescriptor<N, { target: Target }, S> {
  return defineExplanation<N, { target: Target }, S>({
    ...about, options: { target: targetOption }, progressSteps: () => (progress === 'none' ? 0 : undefined),
    async run(model, x, o, context) {
      const r = await call(model, x, { target: o.target, ...boxOf(context), signal: context?.signal, ...(progress === 'none' ? {} : { onStep: forwardSteps(context) }) });
      return { attribution: r.attribution, targets: r.targets, summary: summarize(r) };
    },
  });
}

/**
 * A path integral over `steps` nodes (IG, BIG): target and steps, one progress step per chunk of
 * path rows; `call` is the core function with `{ target, steps, signal, onStep }`.
 */
export function pathIntegralMethod<N extends string, R extends { attribution: Tensor; targets: Int32Array }, S extends { kind: N }>(
  about: Pick<ExplanationDescriptor<N>, 'name' | 'family' | 'about' | 'paper'>, defaultSteps: number,
  call: (model: GradientModel, x: Tensor, options: { target: Target; steps: number; box?: Box; signal?: AbortSignal; onStep?: (i: { step: number; steps: number }) => void }) => Promise<R>,
  summarize: (r: R, steps: number) => S,
  /** 'path': one step per chunk of path rows; 'running': more steps before the path (BIG's search), total known while running. */
  progress: 'path' | 'running' = 'path',
): ExplanationDescriptor<N, { target: Target; steps: number }, S> {
  return defineExplanation<N, { target: Target; steps: number }, S>({
    ...about, options: { target: targetOption, steps: integerOption('steps', defaultSteps, { min: 1 }, 'integration steps') },
    progressSteps: (o, batch = 1) => (progress === 'path' ? chunks(batch * o.steps) : undefined),
    async run(model, x, o, context) {
      const r = await call(model, x, { target: o.target, steps: o.steps, ...boxOf(context), signal: context?.signal, onStep: forwardSteps(context) });
      return { attribution: r.attribution, targets: r.targets, summary: summarize(r, o.steps) };
    },
  });
}
