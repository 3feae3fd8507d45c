/**
 * The fixture models in models/: every card's figures are re-measured from the committed model
 * (accuracy on the card's own test split or its first samples), the demo model's gradient graph
 * is checked, and the comparisons models/README.md reports (Decoy MNIST plain vs RRR, PGD-trained
 * vs standard robust accuracy) are re-measured.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { type DatasetSplit, gradCheck, loadMnist, loadModel } from '@axplain/node';
import { decodeModel } from '@axplain/onnx';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { accuracyOnFirst, type DatasetRef, gini, loadFixtureDataset, robustOnFirst } from '../models/scripts/model-metrics.js';

const root = new URL('../models/', import.meta.url);

describe('models/mnist-mlp', () => {
  const card = JSON.parse(readFileSync(new URL('mnist-mlp/card.json', root), 'utf8'));
  const bytes = readFileSync(new URL('mnist-mlp/model.onnx', root));

  it("reaches its card's test accuracy on the card's split", async () => {
    const { test } = loadMnist({ seed: card.seed });
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
    const { test } = loadMnist({ seed: card.seed });
    const r = await gradCheck(m, { feeds: { input: test.x.slice(0, 2 * 784) }, dims: { N: 2 }, seed: 1, direction: 'gradient' });
    expect(r.forwardMaxAbsDiff).toBe(0);
    expect(r.maxRelError).toBeLessThan(1e-2);
  });
});

/** The fixture models built by models/scripts/build-all.ts: every card with an `evaluation`. */
const fixtures = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(new URL(`${d.name}/card.json`, root)))
  .map((d) => ({ name: d.name, card: JSON.parse(readFileSync(new URL(`${d.name}/card.json`, root), 'utf8')) }))
  .filter((f) => f.card.evaluation && f.card.dataset);

const splits = new Map<string, DatasetSplit>();
const splitOf = (ref: DatasetRef): DatasetSplit => {
  const key = JSON.stringify(ref);
  if (!splits.has(key)) splits.set(key, loadFixtureDataset(ref));
  return splits.get(key)!;
};
const open = (name: string) => loadModel(readFileSync(new URL(`${name}/model.onnx`, root)));

describe('fixture models (build-all.ts)', () => {
  it('are all there and small', () => {
    const names = fixtures.map((f) => f.name);
    for (const n of ['mnist-standard', 'mnist-pgd-linf', 'decoy-standard', 'decoy-rrr', 'decoy-find-another', 'fashion-standard', 'fashion-pgd-linf', 'canvas-standard', 'canvas-pgd-linf']) expect(names).toContain(n);
    for (const { name } of fixtures) expect(statSync(new URL(`${name}/model.onnx`, root)).size).toBeLessThan(1_000_000);
  });

  for (const { name, card } of fixtures) {
    it(`${name} reproduces its card's test accuracy on the first ${card.evaluation.samples} test samples`, async () => {
      const split = splitOf(card.dataset);
      expect(card.data.split).toContain(`${split.test.n} test`);
      const model = await open(name);
      try {
        const acc = await accuracyOnFirst(model, split, card.evaluation.samples);
        expect(Math.abs(acc - card.evaluation.accuracy)).toBeLessThanOrEqual(0.005);
      } finally {
        await model.dispose();
      }
    });
  }

  it('decoy: RRR (swatch masks) and find-another-explanation (no masks) beat plain training on the randomised test set', () => {
    const acc = (n: string) => fixtures.find((f) => f.name === n)!.card.evaluation.accuracy as number;
    expect(acc('decoy-rrr') - acc('decoy-standard')).toBeGreaterThan(0.15);
    expect(acc('decoy-find-another') - acc('decoy-standard')).toBeGreaterThan(0.1);
  });

  // Margins below the measured gaps on these 100 samples (0.65, 0.48, 0.30); the attack is seeded.
  for (const [standard, robust, margin] of [['mnist-standard', 'mnist-pgd-linf', 0.4], ['fashion-standard', 'fashion-pgd-linf', 0.3], ['canvas-standard', 'canvas-pgd-linf', 0.15]] as const) {
    it(`${robust} beats ${standard}'s robust accuracy by > ${margin} on the same 100 test samples (PGD-Linf eps 0.1)`, async () => {
      const split = splitOf(fixtures.find((f) => f.name === standard)!.card.dataset);
      const [a, b] = [await open(standard), await open(robust)];
      try {
        expect((await robustOnFirst(b, split, 100, 0.1)) - (await robustOnFirst(a, split, 100, 0.1))).toBeGreaterThan(margin);
      } finally {
        await a.dispose();
        await b.dispose();
      }
    });
  }

  it('gini() matches the closed form', () => {
    expect(gini(new Float32Array(8).fill(0.5))).toBeCloseTo(0, 6);
    // one non-zero of n: (n - 1) / n up to the 1e-7 offset
    expect(gini(Float32Array.of(0, 0, 0, 1))).toBeCloseTo(0.75, 5);
    expect(gini(Float32Array.of(1, -3))).toBeCloseTo(((2 - 2 - 1) * 1 + (4 - 2 - 1) * 3) / (2 * 4), 5);
  });
});
