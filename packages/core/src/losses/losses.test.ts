import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.js';
import type { Tensor } from '../tensor.js';
import { crossEntropy, dlr, logProbability, margin, oneHot, softmax } from './index.js';
import type { LossResult } from './loss.js';
import { resolveTargets } from '../targets.js';

// Central differences in float64 of value[n] with respect to logits[n, k].
function checkDerivative(loss: (z: Tensor) => LossResult, z: Tensor, tol = 1e-3) {
  const [n, c] = z.shape as [number, number];
  const { cotangent } = loss(z);
  for (let i = 0; i < n * c; i++) {
    const h = 1e-3;
    const zp = Float32Array.from(z.data); zp[i]! += h;
    const zm = Float32Array.from(z.data); zm[i]! -= h;
    const row = Math.floor(i / c);
    const fd = (loss({ data: zp, shape: z.shape }).value[row]! - loss({ data: zm, shape: z.shape }).value[row]!) / (2 * h);
    expect(Math.abs(fd - cotangent.data[i]!)).toBeLessThan(tol * Math.max(1, Math.abs(fd)));
  }
}

const rng = new Rng(4);
const z: Tensor = { data: rng.fillNormal(3 * 6, 3), shape: [3, 6] };
const y = Int32Array.of(0, 4, 5);

describe('losses as cotangents', () => {
  it('softmax rows sum to 1; oneHot selects', () => {
    const p = softmax(z).data;
    for (let i = 0; i < 3; i++) expect(p.subarray(i * 6, i * 6 + 6).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect([...oneHot(Int32Array.of(2), 3, 5).data]).toEqual([0, 0, 5]);
  });
  it('cross-entropy = -log softmax_y, derivative softmax - onehot', () => {
    const ce = crossEntropy(z, y);
    for (let i = 0; i < 3; i++) expect(ce.value[i]).toBeCloseTo(-Math.log(softmax(z).data[i * 6 + y[i]!]!), 5);
    checkDerivative((t) => crossEntropy(t, y), z);
    expect([...logProbability(z, y).value]).toEqual([...ce.value].map((v) => -v));
  });
  it('margin is right for negative logits and its derivative is e_y - e_j*', () => {
    const neg: Tensor = { data: Float32Array.of(-5, -1, -3), shape: [1, 3] };
    const m = margin(neg, [0]);
    expect(m.value[0]).toBe(-4);
    expect([...m.cotangent.data]).toEqual([1, -1, 0]);
    checkDerivative((t) => margin(t, y), z);
  });
  it('DLR and targeted DLR: value and derivative; refuse too few classes', () => {
    const d = dlr(z, y);
    const row = [...z.data.subarray(0, 6)];
    const sorted = [...row].sort((a, b) => b - a);
    const other = Math.max(...row.filter((_, k) => k !== 0));
    expect(d.value[0]).toBeCloseTo(-(row[0]! - other) / (sorted[0]! - sorted[2]!), 5);
    checkDerivative((t) => dlr(t, y), z);
    checkDerivative((t) => dlr(t, y, [1, 2, 3]), z);
    expect(() => dlr({ data: new Float32Array(2), shape: [1, 2] }, [0])).toThrow(/at least 3 classes/);
    expect(() => dlr({ data: new Float32Array(3), shape: [1, 3] }, [0], [1])).toThrow(/targeted DLR loss needs at least 4/);
  });
  it('targets: index, per sample, predicted; bad classes named', () => {
    expect([...resolveTargets(2, 3, 6)]).toEqual([2, 2, 2]);
    expect([...resolveTargets([1, 2, 3], 3, 6)]).toEqual([1, 2, 3]);
    const p = resolveTargets('predicted', 3, 6, z);
    for (let i = 0; i < 3; i++) expect(z.data[i * 6 + p[i]!]).toBe(Math.max(...z.data.subarray(i * 6, i * 6 + 6)));
    expect(() => resolveTargets(6, 1, 6)).toThrow(/class 6 is not a class index of this model \(0..5\)/);
    expect(() => resolveTargets([1, 2], 3, 6)).toThrow(/2 classes given for a batch of 3/);
  });
});
