import { describe, expect, it } from 'vitest';
import { ADAM_DEFAULTS, adamUpdate } from './adam.js';

/** Adam written out as Kingma & Ba's Algorithm 1, one element at a time. */
function reference(p0: number, grads: number[], lr: number): number {
  let p = p0, m = 0, v = 0;
  grads.forEach((g, k) => {
    const t = k + 1;
    m = 0.9 * m + 0.1 * g;
    v = 0.999 * v + 0.001 * g * g;
    p -= (lr * (m / (1 - 0.9 ** t))) / (Math.sqrt(v / (1 - 0.999 ** t)) + 1e-8);
  });
  return p;
}

describe('adamUpdate', () => {
  it('matches the bias-corrected algorithm bit for bit on float64 parameters', () => {
    const grads = [0.5, -1.25, 3, 0.01, -0.2];
    const w = Float64Array.of(0.3), m = new Float64Array(1), v = new Float64Array(1);
    grads.forEach((g, k) => adamUpdate(w, [g], m, v, k + 1, { ...ADAM_DEFAULTS, lr: 0.01 }));
    expect(w[0]).toBe(reference(0.3, grads, 0.01));
  });

  it('moves by lr * sign(g) on the first step and rounds only the parameter on float32', () => {
    const w = Float32Array.of(1, 1), m = new Float64Array(2), v = new Float64Array(2);
    adamUpdate(w, [4, -0.001], m, v, 1, { ...ADAM_DEFAULTS, lr: 0.1 });
    expect(w[0]).toBeCloseTo(0.9, 6);
    expect(w[1]).toBeCloseTo(1.1, 5);
    expect(m[0]).toBe((1 - 0.9) * 4);
  });

  it('updates only the slice it is given', () => {
    const w = Float64Array.of(1, 1, 1), m = new Float64Array(3), v = new Float64Array(3);
    adamUpdate(w.subarray(1, 2), [1], m.subarray(1, 2), v.subarray(1, 2), 1, ADAM_DEFAULTS);
    expect([w[0], w[2], m[0], m[2]]).toEqual([1, 1, 0, 0]);
    expect(w[1]).toBeLessThan(1);
  });

  it('the reference catches an update without bias correction', () => {
    const grads = [0.5, -1.25, 3];
    let p = 0.3, m = 0, v = 0;
    for (const g of grads) {
      m = 0.9 * m + 0.1 * g;
      v = 0.999 * v + 0.001 * g * g;
      p -= (0.01 * m) / (Math.sqrt(v) + 1e-8);
    }
    const w = Float64Array.of(0.3), mm = new Float64Array(1), vv = new Float64Array(1);
    grads.forEach((g, k) => adamUpdate(w, [g], mm, vv, k + 1, { ...ADAM_DEFAULTS, lr: 0.01 }));
    expect(Math.abs(p - reference(0.3, grads, 0.01))).toBeGreaterThan(1e-4);
    expect(w[0]).not.toBe(p);
  });
});
