import { type GradientModel, Rng, tensor } from '@axplain/core';
import { LinearModel, ReluModel } from '@axplain/core/testing';
import { describe, expect, it } from 'vitest';
import { registryExplainer } from '../explainer.js';
import { MetricInputError } from '../input.js';
import type { Explainer } from '../types.js';
import { parameterRandomisation } from './model-parameter-randomisation.js';
import { randomLogit } from './random-logit.js';
import { isRandomizable, type RandomizableModel } from './randomizable-model.js';

/** A two-layer ReLU network whose layers 'hidden' (U, c) and 'output' (V, d) can be re-drawn (He-style N(0, 2 / fan_in)). */
class RandomizableRelu extends ReluModel implements RandomizableModel {
  readonly layerNames = ['hidden', 'output'];
  disposedCopies = 0;
  async randomizeLayers(names: readonly string[], seed: number): Promise<GradientModel> {
    const rng = new Rng(seed + 1);
    const redraw = (name: string, w: Float32Array, fanIn: number) => (names.includes(name) ? rng.fillNormal(w.length, Math.sqrt(2 / fanIn)) : w);
    const inputs = this.inputShape.reduce((a, b) => a * b, 1);
    const copy = new ReluModel(this.inputShape, this.classes, redraw('hidden', this.u, inputs), redraw('hidden', this.c, inputs), redraw('output', this.v, this.hidden), redraw('output', this.d, this.hidden));
    const dispose = copy.dispose.bind(copy);
    copy.dispose = async () => { this.disposedCopies++; await dispose(); };
    return copy;
  }
}

const rng = new Rng(9);
const model = () => new RandomizableRelu([32], 4, rng.fillNormal(32 * 16, 0.25), rng.fillNormal(16, 0.1), rng.fillNormal(64, 0.25), rng.fillNormal(4, 0.1));
const x = tensor(new Rng(10).fillUniform(3 * 32, 0, 1), [3, 32]);
// An "edge detector": the input itself, whatever the model and the class.
const inputMap: Explainer = async (_m, xs) => ({ data: xs.data.slice(), shape: xs.shape });

describe('model parameter randomisation (Adebayo et al.; Quantus ModelParameterRandomisation)', () => {
  // Quantus: similarity_func=correlation_spearman (on |a|: abs=True), layer_order 'top_down' -> order 'cascading', 'independent' -> 'independent'.
  it('saliency decorrelates once the layers are re-drawn; the input-blind-to-the-model map stays at 1 and fails the check', async () => {
    const m = model();
    const sal = await parameterRandomisation({ model: m, x, explainer: registryExplainer('saliency') }, { seed: 1 });
    expect(sal.detail.layers).toEqual(['output', 'hidden']);
    expect(sal.detail.similarity).toHaveLength(2);
    expect(Math.abs(sal.detail.similarity[1]!.reduce((a, b) => a + b) / 3)).toBeLessThan(0.5);
    expect(sal.mean).toBeLessThan(0.6);
    expect(m.disposedCopies).toBe(2);
    const edge = await parameterRandomisation({ model: m, x, explainer: inputMap });
    expect(Array.from(edge.perSample)).toEqual([1, 1, 1]);
  });
  it("an untouched model gives similarity 1 (the test would be vacuous): a 'randomisation' that re-draws nothing", async () => {
    const m = model();
    const fake = Object.assign(m, { randomizeLayers: async () => m, dispose: async () => {} }) as RandomizableModel;
    const r = await parameterRandomisation({ model: fake, x, explainer: registryExplainer('saliency') }, { order: 'independent' });
    for (const v of r.perSample) expect(v).toBeCloseTo(1, 12);
  });
  it('rejects a model that cannot re-draw its layers', async () => {
    const plain = new LinearModel([32], 4, rng.fillNormal(128));
    expect(isRandomizable(plain)).toBe(false);
    await expect(parameterRandomisation({ model: plain, x, explainer: inputMap })).rejects.toBeInstanceOf(MetricInputError);
  });
});

describe('random logit (Sixt et al.; Quantus RandomLogit with Spearman instead of SSIM)', () => {
  it('linear saliency: rows 1 2 3 4 and 4 3 2 1 of W rank exactly reversed (-1); a class-blind explainer gives 1', async () => {
    const lin = new LinearModel([4], 2, Float32Array.of(1, 2, 3, 4, 4, 3, 2, 1));
    const xs = tensor([1, 2, 3, 5, 0, 1, 0, 2], [2, 4]);
    const r = await randomLogit({ model: lin, x: xs, target: [0, 1], explainer: registryExplainer('saliency') });
    expect(Array.from(r.detail.otherClass)).toEqual([1, 0]);
    expect(Array.from(r.perSample)).toEqual([-1, -1]);
    expect(Array.from((await randomLogit({ model: lin, x: xs, explainer: inputMap })).perSample)).toEqual([1, 1]);
  });
  it('draws other classes uniformly among the rest, seeded', async () => {
    const m = model();
    const xs = tensor(new Rng(3).fillUniform(200 * 32, 0, 1), [200, 32]);
    const r = await randomLogit({ model: m, x: xs, target: 0, explainer: inputMap }, { seed: 4 });
    const counts = [0, 0, 0, 0];
    for (const c of r.detail.otherClass) counts[c]!++;
    expect(counts[0]).toBe(0);
    for (const c of counts.slice(1)) expect(c).toBeGreaterThan(45);
    expect(Array.from((await randomLogit({ model: m, x: xs, target: 0, explainer: inputMap }, { seed: 4 })).detail.otherClass)).toEqual(Array.from(r.detail.otherClass));
  });
});
