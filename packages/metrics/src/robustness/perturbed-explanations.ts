/**
 * What the robustness metrics share: explain x, explain S seeded perturbations x + u of every
 * sample (N S rows, batched through the explainer), and compare each perturbed attribution
 * with the original one. The explainer sees the original class of every sample.
 */
import type { Rng } from '@axplain/core';
import { buildRows, explainRows, Progress } from '../batch.js';
import { explainerIn, modelBatch } from '../input.js';
import { drawRng, sampleKeys } from '../random.js';
import type { MetricContext, MetricInput } from '../types.js';

export interface PerturbedComparison {
  /** Perturbations per sample. */
  samples: number;
  seed: number;
  /** Perturbs one input row in place. */
  perturb(rng: Rng, values: Float32Array): void;
  /** The value of one (original, perturbed) pair: attributions and inputs of the sample. */
  compare(original: Float32Array, perturbed: Float32Array, x: Float32Array, xPerturbed: Float32Array): number;
}

/** values[s][j]: the comparison of sample s with its perturbation j. */
export async function comparePerturbed(input: MetricInput, metric: string, c: PerturbedComparison, context: MetricContext): Promise<Float64Array[]> {
  const { model, x, n, d, targets } = await modelBatch(input, metric, context);
  const explainer = explainerIn(input, metric);
  const progress = new Progress(context, n * (c.samples + 1));
  const original = new Float32Array(n * d);
  await explainRows(explainer, model, n, buildRows(x, d, (r) => r, () => {}), (r) => targets[r]!, context, progress, (start, a) => original.set(a, start * d));
  const values = Array.from({ length: n }, () => new Float64Array(c.samples));
  const sampleOf = (r: number) => Math.floor(r / c.samples);
  const keys = sampleKeys(x.data, n, d);
  const build = buildRows(x, d, sampleOf, (r, v) => c.perturb(drawRng(c.seed, keys[sampleOf(r)]!, r % c.samples), v));
  await explainRows(explainer, model, n * c.samples, build, (r) => targets[sampleOf(r)]!, context, progress, (start, a, xs) => {
    for (let i = 0; i * d < a.length; i++) {
      const r = start + i, s = sampleOf(r);
      values[s]![r % c.samples] = c.compare(original.subarray(s * d, (s + 1) * d), a.subarray(i * d, (i + 1) * d), x.data.subarray(s * d, (s + 1) * d), xs.subarray(i * d, (i + 1) * d));
    }
  });
  return values;
}
