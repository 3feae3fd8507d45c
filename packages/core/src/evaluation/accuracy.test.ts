import { describe, expect, it } from 'vitest';
import type { Dataset } from '../data/dataset.js';
import { LinearModel } from '../testing/linear-model.js';
import { datasetAccuracy, firstSamples } from './accuracy.js';

// Logits (x0, x1): the class is the larger pixel.
const model = new LinearModel([1, 1, 2], 2, Float32Array.of(1, 0, 0, 1));
const ds = (y: number[]): Dataset => ({ x: Float32Array.of(1, 0, 0, 1, 2, 1, 0.5, 0.5), y: Int32Array.from(y), n: 4, shape: [1, 1, 2], classes: 2 });

describe('datasetAccuracy', () => {
  it('counts argmax hits, the first class on ties', async () => {
    expect(await datasetAccuracy(model, ds([0, 1, 0, 0]))).toBe(1);
    expect(await datasetAccuracy(model, ds([0, 1, 0, 1]))).toBe(0.75);
  });

  it('catches wrong labels and returns NaN on an empty set', async () => {
    expect(await datasetAccuracy(model, ds([1, 0, 1, 1]))).toBe(0);
    expect(await datasetAccuracy(model, { ...ds([]), n: 0, x: new Float32Array(0) })).toBeNaN();
  });

  it('firstSamples keeps the first n', () => {
    const head = firstSamples(ds([0, 1, 0, 1]), 2);
    expect(head.n).toBe(2);
    expect([...head.y]).toEqual([0, 1]);
  });
});
