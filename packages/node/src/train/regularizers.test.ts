/** The explanation and weight regularisers change what they claim to change, measured against plain CE on the same budget. */
import { crossEntropy, doubleBackprop, rightReasons } from '@axplain/onnx';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDecoyMnist } from '../data/decoy-mnist.js';
import { loadMnist } from '../data/mnist.js';
import { crossEntropyGradientOf, ParameterModel, train, type TrainOptions, type TrainResult } from './index.js';
import { firstSamples, maskedGradientShare } from '@axplain/core';

const live: ParameterModel[] = [];
const wrap = (r: TrainResult) => { const m = new ParameterModel(r.model, {}); live.push(m); return m; };
afterAll(async () => { for (const m of live) await m.dispose(); });

describe('Right for the Right Reasons on Decoy MNIST', () => {
  // 2400 train / 600 test decoy digits; the MLP 50-30 of the paper.
  const { train: tr, test } = loadDecoyMnist({ seed: 0, limitPerClass: 300 });
  const base: TrainOptions = { model: { kind: 'mlp', hidden: [50, 30] }, train: tr, test, epochs: 4, batchSize: 32, seed: 0 };

  it('moves the input-gradient mass off the swatch and generalises better to randomised swatches', async () => {
    const plain = await train({ ...base, terms: [crossEntropy()] });
    const rrr = await train({ ...base, terms: [crossEntropy(), rightReasons(10)] });
    const [sharePlain, shareRrr] = [await maskedGradientShare(wrap(plain), test), await maskedGradientShare(wrap(rrr), test)];
    console.log(`RRR: test accuracy ${plain.accuracy.test} -> ${rrr.accuracy.test}; swatch share of |d sum log p / dx| ${sharePlain.toFixed(4)} -> ${shareRrr.toFixed(4)} (swatch = 2.0% of pixels)`);
    // The plain model reads the swatch (it fits train far better than test); RRR cuts the swatch's share several-fold.
    expect(plain.accuracy.train - plain.accuracy.test!).toBeGreaterThan(0.1);
    expect(shareRrr).toBeLessThan(sharePlain / 3); // measured 0.0450 -> 0.0011
    expect(rrr.accuracy.test).toBeGreaterThan(plain.accuracy.test! + 0.03); // measured 0.778 -> 0.885
    expect(rrr.history.at(-1)!.terms.rrr).toBeGreaterThan(0);
  });
});

describe('gradient and weight penalties on MNIST', () => {
  const { train: tr, test } = loadMnist({ seed: 0, limitPerClass: 100 });
  const base: TrainOptions = { model: { kind: 'mlp', hidden: [64] }, train: tr, test, epochs: 3, batchSize: 32, seed: 0 };
  const evalSet = firstSamples(test, 200);

  /** Mean over samples of |dCE/dx|_2 at the true label. */
  async function inputGradientNorm(m: ParameterModel): Promise<number> {
    const x = { data: evalSet.x, shape: [evalSet.n, ...evalSet.shape] };
    const g = (await crossEntropyGradientOf(m)(x, evalSet.y)).grad.data;
    let s = 0;
    for (let n = 0; n < evalSet.n; n++) {
      let q = 0;
      for (let i = n * 784; i < (n + 1) * 784; i++) q += g[i]! * g[i]!;
      s += Math.sqrt(q);
    }
    return s / evalSet.n;
  }

  it('double backpropagation (L2 and L1) shrinks the input gradient of the loss', async () => {
    const plain = await train({ ...base });
    const l2 = await train({ ...base, terms: [crossEntropy(), doubleBackprop(1)] });
    const l1 = await train({ ...base, terms: [crossEntropy(), doubleBackprop(0.01, 'l1')] });
    const [p, a, b] = [await inputGradientNorm(wrap(plain)), await inputGradientNorm(wrap(l2)), await inputGradientNorm(wrap(l1))];
    console.log(`double backprop: mean |dCE/dx|_2 ${p.toFixed(4)} (CE) -> ${a.toFixed(4)} (L2, lambda 1) / ${b.toFixed(4)} (L1, lambda 0.01); test accuracy ${plain.accuracy.test} / ${l2.accuracy.test} / ${l1.accuracy.test}`);
    expect(a).toBeLessThan(0.8 * p); // measured 0.925 -> 0.612
    expect(b).toBeLessThan(0.9 * p); // measured 0.925 -> 0.726
    expect(Object.keys(l2.history[0]!.terms)).toEqual(['ce', 'grad_l2']);
  });

  it('the L1 penalty on the weights shrinks sum |theta| and reports its term', async () => {
    const l1 = (r: TrainResult) => Object.values(r.params).reduce((s, v) => s + v.reduce((a, x) => a + Math.abs(x), 0), 0);
    const plain = await train({ ...base });
    const reg = await train({ ...base, l1: 2e-4 });
    console.log(`L1 on weights (lambda 2e-4): sum |theta| ${l1(plain).toFixed(1)} -> ${l1(reg).toFixed(1)}; test accuracy ${plain.accuracy.test} -> ${reg.accuracy.test}`);
    expect(l1(reg)).toBeLessThan(0.8 * l1(plain)); // measured 2224 -> 1425
    const last = reg.history.at(-1)!;
    expect(last.terms.l1).toBeGreaterThan(0);
    expect(last.loss).toBeCloseTo(last.terms.ce! + last.terms.l1!, 6);
  });
});
