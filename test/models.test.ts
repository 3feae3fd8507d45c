/**
 * The fixture models in models/: every card's figures are re-measured from the committed model
 * (accuracy on the card's own test split), and each model's gradient graph is checked.
 */
import { readFileSync } from 'node:fs';
import { gradCheck } from '@axplain/node';
import { decodeModel } from '@axplain/onnx';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { loadMnist } from '../models/scripts/mnist-data.js';

const root = new URL('../models/', import.meta.url);

describe('models/mnist-mlp', () => {
  const card = JSON.parse(readFileSync(new URL('mnist-mlp/card.json', root), 'utf8'));
  const bytes = readFileSync(new URL('mnist-mlp/model.onnx', root));

  it("reaches its card's test accuracy on the card's split", async () => {
    const { test } = loadMnist(card.seed);
    expect(card.data.split).toContain(`${test.n} test`);
    const sess = await ort.InferenceSession.create(bytes);
    const out = await sess.run({ input: new ort.Tensor('float32', test.x, [test.n, 1, 28, 28]) });
    await sess.release();
    const l = out.logits!.data as Float32Array;
    let ok = 0;
    for (let i = 0; i < test.n; i++) {
      let best = 0;
      for (let c = 1; c < 10; c++) if (l[i * 10 + c]! > l[i * 10 + best]!) best = c;
      if (best === test.y[i]) ok++;
    }
    expect(Math.abs(ok / test.n - card.accuracy.test)).toBeLessThan(1e-3);
    expect(card.accuracy.test).toBeGreaterThan(0.9);
  });

  it('has a dynamic batch and a gradient graph that matches finite differences', async () => {
    const m = decodeModel(bytes);
    expect(m.graph!.input![0]!.type!.tensorType!.shape!.dim![0]!.dimParam).toBe('N');
    const { test } = loadMnist(card.seed);
    const r = await gradCheck(m, { feeds: { input: test.x.slice(0, 2 * 784) }, dims: { N: 2 }, seed: 1, direction: 'gradient' });
    expect(r.forwardMaxAbsDiff).toBe(0);
    expect(r.maxRelError).toBeLessThan(1e-2);
  });
});
