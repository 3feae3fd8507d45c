import { gradientXInput, ShapeMismatchError, tensor } from '@axplain/core';
import { LinearModel } from '@axplain/core/testing';
import { describe, expect, it } from 'vitest';
import { MetricInputError } from '../input.js';
import { deletion, insertion } from './deletion.js';

// One class, f(x) = x0 + x1 + x2 + x3: feature i contributes x_i, so the curves are sums of what is left.
const model = () => new LinearModel([4], 1, Float32Array.of(1, 1, 1, 1));
const x = tensor([4, 3, 2, 1], [1, 4]);
const perfect = tensor([4, 3, 2, 1], [1, 4]);
const shuffled = tensor([1, 4, 2, 3], [1, 4]); // removes x1, x3, x2, x0
const o = { steps: 4, score: 'logit' } as const;

describe('deletion and insertion (pixel flipping) on a linear model', () => {
  // Quantus PixelFlipping: perturb_baseline 'black' -> baseline 0, features_in_step -> D / steps,
  // the returned curve -> detail.curves (the area: its AUC); order MoRF as Quantus ranks (descending).
  it('a perfect MoRF ranking gives the analytic curve 10, 6, 3, 1, 0 and area 15/4', async () => {
    const r = await deletion({ model: model(), x, attribution: perfect, target: 0 }, o);
    expect(Array.from(r.detail.curves[0]!)).toEqual([10, 6, 3, 1, 0]);
    expect(r.perSample[0]).toBeCloseTo(3.75, 12);
    expect(r.detail.fractions).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });
  it('a perfect ranking beats a shuffled one (curve 10, 7, 6, 4, 0: area 5.5) and LeRF is worst (6.25)', async () => {
    expect((await deletion({ model: model(), x, attribution: shuffled, target: 0 }, o)).perSample[0]).toBeCloseTo(5.5, 12);
    expect((await deletion({ model: model(), x, attribution: perfect, target: 0 }, { ...o, order: 'lerf' })).perSample[0]).toBeCloseTo(6.25, 12);
  });
  it('insertion MoRF of the perfect ranking: curve 0, 4, 7, 9, 10 (area 6.25), above the shuffled one', async () => {
    const r = await insertion({ model: model(), x, attribution: perfect, target: 0 }, o);
    expect(Array.from(r.detail.curves[0]!)).toEqual([0, 4, 7, 9, 10]);
    expect(r.perSample[0]).toBeCloseTo(6.25, 12);
    expect((await insertion({ model: model(), x, attribution: shuffled, target: 0 }, o)).perSample[0]).toBeLessThan(6.25);
  });
  it('gradient x input is the perfect ranking on random linear models: it beats random maps on every sample', async () => {
    const { Rng } = await import('@axplain/core');
    const rng = new Rng(3);
    const m = new LinearModel([16], 3, rng.fillNormal(48));
    const xs = tensor(rng.fillUniform(5 * 16, 0, 1), [5, 16]);
    const { attribution, targets } = await gradientXInput(m, xs);
    const good = await deletion({ model: m, x: xs, attribution, target: Array.from(targets) }, { score: 'logit', steps: 16 });
    const bad = await deletion({ model: m, x: xs, attribution: tensor(rng.fillNormal(80), [5, 16]), target: Array.from(targets) }, { score: 'logit', steps: 16 });
    for (let s = 0; s < 5; s++) expect(good.perSample[s]).toBeLessThan(bad.perSample[s]!);
    expect(good.ci95[0]).toBeLessThanOrEqual(good.mean);
    expect(good.ci95[1]).toBeGreaterThanOrEqual(good.mean);
  });
  it('batches rows: the result does not depend on the batch size; calls = ceil(rows / batchSize); progress reaches the total', async () => {
    const m = model();
    const x2 = tensor([4, 3, 2, 1, 1, 2, 3, 4], [2, 4]);
    const a2 = tensor([4, 3, 2, 1, 1, 2, 3, 4], [2, 4]);
    const seen: [number, number][] = [];
    const big = await deletion({ model: m, x: x2, attribution: a2, target: 0 }, o);
    const before = m.calls.logits;
    const small = await deletion({ model: m, x: x2, attribution: a2, target: 0 }, o, { batchSize: 3, onProgress: (d, t) => seen.push([d, t]) });
    expect(m.calls.logits - before).toBe(Math.ceil(10 / 3));
    expect(Array.from(small.perSample)).toEqual(Array.from(big.perSample));
    expect(seen.at(-1)).toEqual([10, 10]);
  });
  it('rejects a missing or misshapen attribution, a bad option and an aborted signal', async () => {
    await expect(deletion({ model: model(), x } as never)).rejects.toBeInstanceOf(MetricInputError);
    await expect(deletion({ model: model(), x, attribution: tensor([1, 2], [1, 2]) })).rejects.toBeInstanceOf(ShapeMismatchError);
    await expect(deletion({ model: model(), x, attribution: perfect }, { steps: 0 })).rejects.toThrow('steps: must be an integer >= 1, got 0');
    await expect(deletion({ model: model(), x, attribution: perfect }, { order: 'up' as never })).rejects.toThrow(/order: unknown value 'up'/);
    await expect(deletion({ model: model(), x, attribution: perfect }, { score: 'accuracy' as never })).rejects.toThrow("score: unknown value 'accuracy'; choose one of logit, probability");
    await expect(deletion({ model: model(), x, attribution: perfect, target: 0 }, {}, { signal: AbortSignal.abort() })).rejects.toThrow(/aborted/);
    await expect(deletion({ model: model(), x, attribution: perfect, target: 0 }, {}, { batchSize: 0 })).rejects.toThrow('batchSize: must be an integer >= 1, got 0');
    await expect(deletion({ model: model(), x, attribution: perfect, target: 5 })).rejects.toThrow(/class 5 is not a class index/);
  });
});
