/**
 * THE unit of work of `axplain evaluate`: samples [start, end) of a run spec -> one record per
 * sample. It is a pure function of (spec, start, end): every sample is explained and scored on its
 * own, with seeds derived from (run seed, sample index, method, metric), so a record does not
 * depend on which job, worker, process or resumed run computed it. A queue worker can call
 * `evaluateJob` with a spec and a range unchanged (`openJobEnvironment` builds what it needs).
 */
import { argmax, explanationMethod, type GradientModel, numel } from '@axplain/core';
import { type Explainer, metric, registryExplainer } from '@axplain/metrics';
import type { EvalData } from './data.js';
import { type RunSpec, sampleSeed } from './spec.js';

/** The method key of metrics that do not score a method's map (they compare maps of their own: sm-bsm, ig-big). */
export const NO_METHOD = '-';

/** One sample's values: `values[method][metric]` (null where the metric is undefined), curves for deletion and insertion. */
export interface SampleRecord {
  index: number;
  label: number;
  predicted: number;
  target: number;
  values: Record<string, Record<string, number | null>>;
  curves?: Record<string, Record<string, number[]>>;
}

/** What a job runs on: the model (randomizable when a metric needs it) and the spec's samples. */
export interface JobEnvironment { model: GradientModel; data: EvalData }

export interface JobContext {
  signal?: AbortSignal;
  /** Called after each sample. */
  onSample?: (index: number) => void;
}

/** Whether a metric scores a method's map (it needs the map or the method). */
export const scoresMethod = (name: string): boolean => metric(name).needs.some((n) => n === 'attribution' || n === 'explainer');

/** The method and metric pairs of a spec, as results list them. */
export function pairsOf(spec: RunSpec): { method: string; metric: string }[] {
  const out: { method: string; metric: string }[] = [];
  for (const k of spec.metrics) {
    if (scoresMethod(k.name)) for (const m of spec.methods) out.push({ method: m.name, metric: k.name });
    else out.push({ method: NO_METHOD, metric: k.name });
  }
  return out;
}

const withSeed = (options: Record<string, unknown>, has: boolean, seed: number): Record<string, unknown> => (has ? { ...options, seed } : options);

/**
 * Records of samples [start, end) of `spec`, in order.
 * @example const records = await evaluateJob(env, spec, 0, 8, { signal });
 */
export async function evaluateJob(env: JobEnvironment, spec: RunSpec, start: number, end: number, context: JobContext = {}): Promise<SampleRecord[]> {
  const { model, data } = env;
  const d = numel(data.shape);
  const [h, w] = [data.shape[data.shape.length - 2]!, data.shape[data.shape.length - 1]!];
  const records: SampleRecord[] = [];
  for (let i = start; i < end; i++) {
    context.signal?.throwIfAborted();
    const x = { data: data.x.slice(i * d, (i + 1) * d), shape: [1, ...data.shape] };
    const logits = await model.logits(x);
    const predicted = argmax(logits.data, 0, model.classes);
    const label = data.y[i]!;
    const target = spec.target === 'label' ? label : predicted;
    const masks = data.masks ? { data: data.masks.slice(i * h * w, (i + 1) * h * w), shape: [1, h, w] } : undefined;
    const record: SampleRecord = { index: i, label, predicted, target, values: {} };
    const score = async (methodKey: string, attribution: { data: Float32Array; shape: number[] } | undefined, explainer: Explainer | undefined): Promise<void> => {
      for (const k of spec.metrics) {
        if ((methodKey === NO_METHOD) === scoresMethod(k.name)) continue;
        const desc = metric(k.name);
        const options = withSeed(k.options, 'seed' in desc.options, sampleSeed(spec.seed, i, methodKey, k.name));
        const r = await desc.run({ model, x, target: [target], attribution, explainer, masks }, desc.resolve(options) as never, { signal: context.signal });
        const v = r.perSample[0]!;
        (record.values[methodKey] ??= {})[k.name] = Number.isFinite(v) ? v : null;
        const curves = (r.detail as { curves?: Float64Array[] } | undefined)?.curves;
        if ((k.name === 'deletion' || k.name === 'insertion') && curves) ((record.curves ??= {})[methodKey] ??= {})[k.name] = Array.from(curves[0]!);
      }
    };
    for (const m of spec.metrics.some((k) => scoresMethod(k.name)) ? spec.methods : []) {
      const desc = explanationMethod(m.name);
      const options = withSeed(m.options, 'seed' in desc.options, sampleSeed(spec.seed, i, m.name));
      const run = await desc.explain(model, x, { ...options, target: [target] }, { signal: context.signal });
      await score(m.name, run.attribution as { data: Float32Array; shape: number[] }, registryExplainer(m.name, options));
    }
    if (spec.metrics.some((k) => !scoresMethod(k.name))) await score(NO_METHOD, undefined, undefined);
    records.push(record);
    context.onSample?.(i);
  }
  return records;
}
