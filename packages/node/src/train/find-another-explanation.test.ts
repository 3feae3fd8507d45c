/** Find-another-explanation on Decoy MNIST, both variants, measured. */
import { describe, expect, it } from 'vitest';
import { loadDecoyMnist } from '../data/decoy-mnist.js';
import { firstSamples } from '@axplain/core';
import { explanationCosine2, findAnotherExplanation, trainSimultaneous } from './index.js';

// 2400 train / 600 test decoy digits, no annotations used.
const { train: tr, test } = loadDecoyMnist({ seed: 0, limitPerClass: 300 });
const model = { kind: 'mlp', hidden: [50, 30] } as const;

describe('find-another-explanation', () => {
  it('sequential: the second model avoids what the first relied on, and generalises better to random swatches', async () => {
    const { rounds, masks } = await findAnotherExplanation({ model, train: tr, test, epochs: 4, batchSize: 32, rounds: 2 });
    const [r0, r1] = rounds as [typeof rounds[0], typeof rounds[0]];
    let inSwatch = 0, marked = 0;
    for (let i = 0; i < masks.length; i++) if (masks[i]) { marked++; if (tr.masks![i]) inSwatch++; }
    console.log(`sequential: test accuracy ${r0.result.accuracy.test} -> ${r1.result.accuracy.test}; ` +
      `share of |grad| on A_1: model 0 ${r0.nextMaskGradientShare.toFixed(4)}, model 1 ${r1.maskGradientShare.toFixed(4)}; ` +
      `A_1 covers ${(100 * r1.maskFraction).toFixed(2)}% of pixels, ${(100 * inSwatch / marked).toFixed(1)}% of them on swatches`);
    expect([r0.maskFraction, r0.maskGradientShare]).toEqual([0, 0]);
    expect(r1.maskFraction).toBeGreaterThan(0);
    // Model 1 was penalised on A_1 = model 0's most relied-on inputs: its share there collapses.
    expect(r1.maskGradientShare).toBeLessThan(r0.nextMaskGradientShare / 3); // measured 0.0716 -> 0.0065
    expect(r1.result.accuracy.test!).toBeGreaterThan(r0.result.accuracy.test! + 0.03); // measured 0.778 -> 0.875
    // The masks found without annotations land on swatches at over twice their 2% share of pixels (measured 6.8%).
    expect(inSwatch / marked).toBeGreaterThan(0.04);
  });

  it('simultaneous: the cosine penalty makes two models\' input gradients near orthogonal while both still fit', async () => {
    const options = { model, train: tr, test, epochs: 3, batchSize: 32 };
    const free = await trainSimultaneous({ ...options, lambda: 0 });
    const joint = await trainSimultaneous({ ...options, lambda: 1 });
    const evalSet = firstSamples(test, 300);
    const [c0, c1] = [await explanationCosine2(free.models[0], free.models[1], evalSet), await explanationCosine2(joint.models[0], joint.models[1], evalSet)];
    console.log(`simultaneous: mean cos^2 of the two models' input gradients ${c0.toFixed(4)} (lambda 0) -> ${c1.toFixed(4)} (lambda 1); ` +
      `test accuracy ${free.accuracy.map((a) => a.test).join(' / ')} -> ${joint.accuracy.map((a) => a.test).join(' / ')}`);
    expect(Object.keys(joint.history[0]!.terms)).toEqual(['ce_a', 'ce_b', 'cos2']);
    expect(c1).toBeLessThan(c0 / 10); // measured 0.1617 -> 0.0002
    for (const a of joint.accuracy) expect(a.train).toBeGreaterThan(0.9);
  });
});
