/**
 * Robustness of the trained (undefended) MNIST model through the Node adapter: PGD-Linf at the
 * Madry budget eps = 0.3 fools (nearly) every test digit, the success rate grows with eps, and
 * the robustness evaluation behind `axplain robustness` counts exactly what a direct PGD run finds.
 */
import { evaluateRobustness, pgd, predictions, type Tensor } from '@axplain/core';
import { loadMnist, loadModel, type OnnxGradientModel } from '@axplain/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sharedDir } from './support/shared.js';

const zoo = sharedDir('PGD robustness of the MNIST zoo model', 'models/mnist-zoo');
const MODEL = zoo.file('mnist-8-opt.onnx');
const N = 50;
let model: OnnxGradientModel;
let x: Tensor;
let y: Int32Array;
let correct: number[];

/** PGD-Linf (40 steps of 0.01 x eps / 0.3, random start, seed 0) away from the true labels of the correct digits. */
async function successes(eps: number): Promise<Uint8Array> {
  const xs = new Float32Array(correct.length * 784);
  correct.forEach((i, k) => xs.set(x.data.subarray(i * 784, (i + 1) * 784), k * 784));
  const r = await pgd(model, { data: xs, shape: [correct.length, 1, 28, 28] }, { eps, target: correct.map((i) => y[i]!), seed: 0 });
  for (let k = 0; k < correct.length; k++) expect(r.norms.linf[k]!).toBeLessThanOrEqual(eps * (1 + 1e-6));
  return r.success;
}

const count = (m: Uint8Array) => m.reduce((a, v) => a + v, 0);

zoo.describe('PGD-Linf on the trained MNIST model', () => {
  beforeAll(async () => {
    model = await loadModel(MODEL);
    const { test } = loadMnist({ seed: 0 });
    x = { data: test.x.slice(0, N * 784), shape: [N, 1, 28, 28] };
    y = test.y.slice(0, N);
    const pred = predictions(await model.logits(x));
    correct = [...pred.keys()].filter((i) => pred[i] === y[i]);
  });
  afterAll(async () => { await model.dispose(); });

  it('classifies the 50 test digits (the model is 99% accurate)', () => {
    expect(correct.length).toBeGreaterThanOrEqual(48); // measured 50
  });

  it('falls to <= 5% robust accuracy at eps 0.3, and evaluateRobustness counts the same', async () => {
    const robust = correct.length - count(await successes(0.3));
    expect(robust / N).toBeLessThanOrEqual(0.05); // measured 0/50
    const report = await evaluateRobustness(model, { x: x.data, y, n: N }, { attack: 'pgd', norm: 'linf', seed: 0 }, { eps: [0.3], batch: 16 });
    expect(report.correct).toBe(correct.length);
    expect(report.rows[0]!.robust).toBe(robust);
    expect(report.rows[0]!.robustAccuracy).toBeLessThanOrEqual(report.cleanAccuracy);
  });

  it('success rate never falls as eps grows, up to all digits at 0.3', async () => {
    const ladder = [0.05, 0.1, 0.2, 0.3];
    const rates: number[] = [];
    for (const eps of ladder) rates.push(count(await successes(eps)) / correct.length);
    for (let k = 1; k < rates.length; k++) expect(rates[k]!).toBeGreaterThanOrEqual(rates[k - 1]!);
    expect(rates.at(-1)).toBeGreaterThanOrEqual(0.95);
    // Measured 0.10, 0.42, 1, 1. The ladder is informative: some but not all digits fall at 0.1.
    expect(rates[1]).toBeGreaterThan(0);
    expect(rates[1]).toBeLessThan(1);
  });
});
