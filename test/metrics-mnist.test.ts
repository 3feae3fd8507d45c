/**
 * @axplain/metrics on a real bundled model (models/mnist-standard, onnxruntime-node CPU, first 8
 * digits of its MNIST test split): the metrics go through the ONNX adapter in batches and agree
 * with what is known about gradient attributions on a ReLU MLP.
 */
import { gradientXInput, integratedGradients, saliency, type Tensor, tensor } from '@axplain/core';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  completeness, deletion, type Explainer, faithfulnessCorrelation, gini, isRandomizable, maxSensitivity, parameterRandomisation, randomLogit, registryExplainer,
} from '@axplain/metrics';
import { loadMnist, loadModel, nodeRuntime, type OnnxGradientModel } from '@axplain/node';
import { createRandomizableGradientModel } from '@axplain/ort';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const N = 8;
const MODEL = fileURLToPath(new URL('../models/mnist-standard/model.onnx', import.meta.url));
let model: OnnxGradientModel;
let x: Tensor;
let target: number[];

beforeAll(async () => {
  model = await loadModel(MODEL);
  const { test } = loadMnist({ seed: 0 });
  x = tensor(test.x.slice(0, N * 784), [N, 1, 28, 28]);
  target = Array.from(test.y.slice(0, N));
});
afterAll(async () => { await model.dispose(); });

describe('metrics on models/mnist-standard', () => {
  it('deletion (MoRF, probability): gradient x input removes the evidence faster than a random map, the same in any batch size', async () => {
    const { attribution } = await gradientXInput(model, x, { target });
    const random = tensor(Float32Array.from({ length: N * 784 }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 % 1), [N, 1, 28, 28]);
    const good = await deletion({ model, x, attribution, target }, { steps: 16 });
    const bad = await deletion({ model, x, attribution: random, target }, { steps: 16 });
    expect(good.mean).toBeLessThan(bad.mean - 0.2);
    const one = await deletion({ model, x: tensor(x.data.slice(0, 784), [1, 1, 28, 28]), attribution: tensor(attribution.data.slice(0, 784), [1, 1, 28, 28]), target: target[0] }, { steps: 16 }, { batchSize: 1 });
    expect(one.perSample[0]).toBeCloseTo(good.perSample[0]!, 5);
  });
  it("IG's completeness gap is small at 64 steps and far from it for saliency; gradient x input correlates with feature removal", async () => {
    const ig = await integratedGradients(model, x, { target, steps: 64 });
    const gap = await completeness({ model, x, attribution: ig.attribution, target });
    for (let s = 0; s < N; s++) expect(gap.detail.gap[s]).toBeCloseTo(ig.delta[s]!, 3);
    const sal = await completeness({ model, x, attribution: (await saliency(model, x, { target })).attribution, target });
    expect(gap.mean).toBeLessThan(sal.mean / 5);
    const { attribution } = await gradientXInput(model, x, { target });
    expect((await faithfulnessCorrelation({ model, x, attribution, target }, { samples: 50, subsetSize: 64 })).mean).toBeGreaterThan(0.3);
  });
  it('saliency is class-sensitive (random logit < 0.9), sensitive to noise (max-sensitivity > 0), and sparser as IG than as saliency (Gini)', async () => {
    const explainer = registryExplainer('saliency');
    expect((await randomLogit({ model, x, target, explainer })).mean).toBeLessThan(0.9);
    expect((await maxSensitivity({ model, x, target, explainer })).mean).toBeGreaterThan(0);
    const ig = (await integratedGradients(model, x, { target, steps: 32 })).attribution;
    const sal = (await saliency(model, x, { target })).attribution;
    // IG multiplies by the input, which is 0 on most of an MNIST digit's background.
    expect((await gini({ attribution: ig })).mean).toBeGreaterThan((await gini({ attribution: sal })).mean);
  });
});

describe('cascading parameter randomisation on the ONNX adapter (createRandomizableGradientModel)', () => {
  it('re-draws the Gemm layers top-down: saliency decorrelates, the input itself (an edge-detector-like map) does not', async () => {
    const m = await createRandomizableGradientModel(readFileSync(MODEL), nodeRuntime);
    try {
      expect(isRandomizable(m)).toBe(true);
      expect(m.layerNames).toHaveLength(3);
      const before = await m.logits(x);
      const top = await m.randomizeLayers([m.layerNames.at(-1)!], 0);
      expect((await top.logits(x)).data).not.toEqual(before.data);
      await top.dispose();
      expect((await m.logits(x)).data).toEqual(before.data); // the trained model is untouched
      await expect(m.randomizeLayers(['nope'], 0)).rejects.toThrow(/unknown layer 'nope'; the model's parameter layers are /);
      const sal = await parameterRandomisation({ model: m, x, target, explainer: registryExplainer('saliency') }, { seed: 1 });
      expect(sal.detail.similarity).toHaveLength(3);
      expect(sal.detail.similarity.at(-1)!.reduce((a, b) => a + b) / N).toBeLessThan(0.5);
      const input: Explainer = async (_m, xs) => ({ data: xs.data.slice(), shape: xs.shape });
      for (const v of (await parameterRandomisation({ model: m, x, target, explainer: input })).perSample) expect(v).toBeCloseTo(1, 12);
    } finally {
      await m.dispose();
    }
  });
});
