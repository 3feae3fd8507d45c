/** Explanations of the whole batch for given classes, batched through the explainer. */
import type { GradientModel, Tensor } from '@axplain/core';
import { buildRows, explainRows, type Progress } from '../batch.js';
import type { Explainer, MetricContext } from '../types.js';

/** a(x_s) for class targets[s], every sample, as one flat array [N * D]. */
export async function explainAll(
  explainer: Explainer, model: GradientModel, x: Tensor, d: number, targets: Int32Array, context: MetricContext, progress: Progress,
): Promise<Float32Array> {
  const n = targets.length, out = new Float32Array(n * d);
  await explainRows(explainer, model, n, buildRows(x, d, (r) => r, () => {}), (r) => targets[r]!, context, progress, (start, a) => out.set(a, start * d));
  return out;
}
