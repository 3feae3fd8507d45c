/** How much an Iris model's IG attributions rest on one column, averaged over the test rows. */
import { integratedGradients } from '@axplain/core';
import { type IrisSplit, loadModel } from '@axplain/node';

export async function featureShare(bytes: Uint8Array, split: IrisSplit, baseline: readonly number[], column: number): Promise<number> {
  const model = await loadModel(bytes);
  const { test } = split;
  const f = split.features.length;
  try {
    const x = { data: test.x, shape: [test.n, f] };
    const base = { data: Float32Array.from({ length: test.n * f }, (_, k) => baseline[k % f]!), shape: [test.n, f] };
    const ig = await integratedGradients(model, x, { target: Array.from(test.y), baseline: base, steps: 32 });
    let sum = 0;
    for (let i = 0; i < test.n; i++) {
      let all = 0;
      for (let j = 0; j < f; j++) all += Math.abs(ig.attribution.data[i * f + j]!);
      sum += all > 0 ? Math.abs(ig.attribution.data[i * f + column]!) / all : 0;
    }
    return sum / test.n;
  } finally {
    await model.dispose();
  }
}
