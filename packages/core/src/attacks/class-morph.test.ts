import { describe, expect, it } from 'vitest';
import { predictions } from '../targets.js';
import type { Tensor } from '../tensor.js';
import { LinearModel } from '../testing/linear-model.js';
import { classMorph } from './class-morph.js';

// Three classes on the plane: class k scores x_k (k = 0, 1) and class 2 scores 0.5 - (x0 + x1) / 2.
const model = () => new LinearModel([2], 3, Float32Array.of(1, 0, 0, 1, -0.5, -0.5), Float32Array.of(0, 0, 0.5));
const x: Tensor = { data: Float32Array.of(0.6, 0.4), shape: [1, 2] };

describe('classMorph', () => {
  it('pushes one input towards every class: a [classes, ...] grid, each row classified as its class', async () => {
    const m = model();
    const r = await classMorph(m, x, { eps: 0.5, steps: 10 });
    expect(r.grid.shape).toEqual([3, 2]);
    expect([...r.classes]).toEqual([0, 1, 2]);
    expect(r.predicted).toBe(0);
    expect([...r.success]).toEqual([1, 1, 1]);
    expect([...predictions(r.logits)]).toEqual([0, 1, 2]);
    expect([...predictions(await m.logits(r.grid))]).toEqual([0, 1, 2]);
    // linf sign steps of 0.2 eps from (0.6, 0.4), pushed on after success (earlyStop false):
    // row 1 moves along (-1, +1), row 2 along (-1, -1), row 0 along (+1, -1), all within eps
    expect([...r.grid.data.subarray(2, 4)].map((v) => +v.toFixed(5))).toEqual([0.1, 0.9]);
    expect([...r.grid.data.subarray(4, 6)].map((v) => +v.toFixed(5))).toEqual([0.1, 0]);
    expect([...r.grid.data.subarray(0, 2)].map((v) => +v.toFixed(5))).toEqual([1, 0]);
    for (const v of r.norms.linf) expect(v).toBeLessThanOrEqual(0.5 + 1e-6);
    expect([...x.data].map((v) => +v.toFixed(5))).toEqual([0.6, 0.4]);
  });

  it('a small budget leaves unreachable rows at the input; chosen classes; one input only', async () => {
    const r = await classMorph(model(), x, { eps: 0.05, classes: [2, 1] });
    expect([...r.classes]).toEqual([2, 1]);
    expect([...r.success]).toEqual([0, 0]);
    expect([...r.grid.data].map((v) => +v.toFixed(5))).toEqual([0.6, 0.4, 0.6, 0.4]);
    const two: Tensor = { data: Float32Array.of(0.6, 0.4, 0.1, 0.2), shape: [2, 2] };
    await expect(classMorph(model(), two)).rejects.toThrow(/a batch of 1/);
    await expect(classMorph(model(), x, { classes: [3] })).rejects.toThrow(/class 3 is not a class index/);
  });
});
