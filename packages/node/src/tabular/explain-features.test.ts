/**
 * Tabular explanations against closed forms on a linear model z = x W + b (IG from the baseline
 * mu: W[i, c] (x_i - mu_i); KernelSHAP with one segment per feature: the same, exactly;
 * gradient x input: W[i, c] x_i), IG completeness on a ReLU model, feature-row parsing and the
 * bar chart's pixels.
 */
import { featureBars, Rng, textWidth } from '@axplain/core';
import { encodeModel, ModelBuilder } from '@axplain/onnx';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../model/load-model.js';
import { explainFeatures, FeatureInputError, parseFeatures, type TabularModel } from './explain-features.js';

const F = 3, C = 2;
const W = [0.5, -1, 2, 0.25, -0.75, 1.5]; // [F, C] row-major
const names = ['a', 'b', 'c'];
const mu = [1, -2, 0.5];

async function linearModel(): Promise<TabularModel> {
  const b = new ModelBuilder({ opset: 13 });
  const x = b.input('x', ['N', F]);
  b.output(b.node('Add', [b.node('MatMul', [x, b.initializer('w', [F, C], W)]), b.initializer('b', [C], [0.1, -0.2])]));
  const model = await loadModel(encodeModel(b.build()), { labels: ['no', 'yes'] });
  return { model, features: names, baseline: mu, labels: model.labels };
}

async function reluModel(): Promise<TabularModel> {
  const rng = new Rng(5);
  const b = new ModelBuilder({ opset: 13 });
  const x = b.input('x', ['N', F]);
  const h = b.node('Relu', [b.node('Gemm', [x, b.initializer('w1', [F, 6], Array.from({ length: F * 6 }, () => rng.normal())), b.initializer('b1', [6], Array.from({ length: 6 }, () => 0.3 * rng.normal()))])]);
  b.output(b.node('Gemm', [h, b.initializer('w2', [6, C], Array.from({ length: 6 * C }, () => rng.normal())), b.initializer('b2', [C], [0, 0])]));
  const model = await loadModel(encodeModel(b.build()));
  return { model, features: names, baseline: mu, labels: undefined };
}

describe('explainFeatures', () => {
  const x = [2, 1, -1];
  it('linear model: IG and KernelSHAP equal W[i, c] (x_i - mu_i), gradient x input W[i, c] x_i, saliency W[i, c]', async () => {
    const tm = await linearModel();
    for (const target of [0, 1]) {
      const ig = await explainFeatures(tm, x, { method: 'ig', target, steps: 8 });
      const shap = await explainFeatures(tm, x, { method: 'kernelshap', target });
      const gxi = await explainFeatures(tm, x, { method: 'gradxinput', target });
      const sal = await explainFeatures(tm, x, { method: 'saliency', target });
      for (let i = 0; i < F; i++) {
        const w = W[i * C + target]!;
        expect(ig.features[i]!.attribution).toBeCloseTo(w * (x[i]! - mu[i]!), 5);
        expect(shap.features[i]!.attribution).toBeCloseTo(w * (x[i]! - mu[i]!), 5);
        expect(gxi.features[i]!.attribution).toBeCloseTo(w * x[i]!, 5);
        expect(sal.features[i]!.attribution).toBeCloseTo(w, 6);
        expect(ig.features[i]!.feature).toBe(names[i]);
        expect(ig.features[i]!.value).toBe(x[i]);
      }
      expect(Math.abs(ig.delta!)).toBeLessThan(1e-5);
    }
    const lime = await explainFeatures(tm, x, { method: 'lime', target: 1 });
    expect(lime.features.map((f) => Math.sign(f.attribution))).toEqual([-1, 1, -1].map((s, i) => Math.sign(W[i * C + 1]! * (x[i]! - mu[i]!)) || s));
    const pred = await explainFeatures(tm, x);
    expect(pred.predicted).toBe(pred.probabilities[0]! > pred.probabilities[1]! ? 'no' : 'yes');
    await expect(explainFeatures(tm, [1, 2])).rejects.toThrow(FeatureInputError);
    await expect(explainFeatures(tm, x, { target: 2 })).rejects.toThrow(/class 2 is not a class/);
    await tm.model.dispose();
  });
  it('ReLU model: IG from the baseline adds up to f(x) - f(baseline)', async () => {
    const tm = await reluModel();
    const r = await explainFeatures(tm, x, { method: 'ig', target: 1, steps: 512 });
    const z = await tm.model.logits({ data: Float32Array.from([...x, ...mu]), shape: [2, F] });
    const gap = z.data[1]! - z.data[3]!;
    expect(Math.abs(gap)).toBeGreaterThan(0.1);
    expect(r.features.reduce((s, f) => s + f.attribution, 0)).toBeCloseTo(gap, 2);
    await tm.model.dispose();
  });
});

describe('parseFeatures', () => {
  it('reads JSON objects and CSV rows (plain or under a header, in any column order)', () => {
    expect(parseFeatures('{"c": 3, "a": 1, "b": 2}', names)).toEqual([1, 2, 3]);
    expect(parseFeatures('1, 2.5, -3e-1', names)).toEqual([1, 2.5, -0.3]);
    expect(parseFeatures('c,a,b\n3,1,2\n', names)).toEqual([1, 2, 3]);
  });
  it('names what is wrong', () => {
    expect(() => parseFeatures('{"a": 1, "b": 2}', names)).toThrow(/missing c/);
    expect(() => parseFeatures('{"a": 1, "b": 2, "c": 3, "d": 4}', names)).toThrow(/unknown name\(s\) d/);
    expect(() => parseFeatures('{"a": "x", "b": 2, "c": 3}', names)).toThrow(/feature 'a': "x" is not a finite number/);
    expect(() => parseFeatures('1,2', names)).toThrow(/2 values given, the model takes 3/);
    expect(() => parseFeatures('a,b,z\n1,2,3', names)).toThrow(/header must name each of a, b, c/);
    expect(() => parseFeatures('{"a":', names)).toThrow(FeatureInputError);
    expect(() => parseFeatures('1,2,3\n4,5,6\n7,8,9', names)).toThrow(/3 lines/);
  });
});

describe('featureBars', () => {
  it('red bars right of the axis for positive values, blue left for negative, lengths proportional', () => {
    const img = featureBars([{ feature: 'a', attribution: 2 }, { feature: 'b', attribution: -1 }], { half: 100, scale: 1 });
    const px = (x: number, y: number) => Array.from(img.data.subarray(4 * (y * img.width + x), 4 * (y * img.width + x) + 3));
    // find the axis: the black column through both rows
    const rowH = 9, top = 2, y0 = top + 4, y1 = top + rowH + 4;
    const axis = textWidth('a', 1) + 4 + 100; // label column, then the bar half-width
    expect(px(axis, y0)).toEqual([0, 0, 0]);
    expect(px(axis, y1 + 3)).toEqual([0, 0, 0]);
    expect(px(axis + 50, y0)).toEqual([200, 50, 50]);
    expect(px(axis + 99, y0)).toEqual([200, 50, 50]);
    expect(px(axis + 101, y0)).toEqual([255, 255, 255]);
    expect(px(axis - 49, y1)).toEqual([50, 90, 200]);
    expect(px(axis - 51, y1)).toEqual([255, 255, 255]);
    expect(px(axis + 10, y1)).toEqual([255, 255, 255]);
    expect(() => featureBars([])).toThrow(/no features/);
  });
});
