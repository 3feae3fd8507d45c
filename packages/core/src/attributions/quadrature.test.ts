import { describe, expect, it } from 'vitest';
import { gaussLegendre, INTEGRATION_METHODS, quadrature } from './quadrature.js';

const integrate = (q: { alphas: Float64Array; weights: Float64Array }, f: (a: number) => number) =>
  q.alphas.reduce((s, a, k) => s + q.weights[k]! * f(a), 0);

describe('Gauss-Legendre on [0, 1]', () => {
  it('matches the textbook nodes for n = 1, 2, 3', () => {
    expect([...gaussLegendre(1).alphas]).toEqual([0.5]);
    const two = gaussLegendre(2);
    expect(two.alphas[0]).toBeCloseTo((1 - 1 / Math.sqrt(3)) / 2, 15);
    expect(two.alphas[1]).toBeCloseTo((1 + 1 / Math.sqrt(3)) / 2, 15);
    const three = gaussLegendre(3);
    expect([...three.weights].map((w) => w * 18)).toEqual([5, 8, 5].map((v) => expect.closeTo(v, 13)));
    expect(three.alphas[1]).toBeCloseTo(0.5, 15);
  });
  it('integrates x^k exactly for every degree k <= 2n - 1, and not degree 2n', () => {
    for (let n = 1; n <= 12; n++) {
      const q = gaussLegendre(n);
      for (let k = 0; k <= 2 * n - 1; k++) expect(Math.abs(integrate(q, (a) => a ** k) - 1 / (k + 1))).toBeLessThan(1e-14);
    }
    // degree 2n is not exact: the error is the textbook (n!)^4 / ((2n + 1) ((2n)!)^2)
    const fact = (k: number): number => (k <= 1 ? 1 : k * fact(k - 1));
    for (let n = 1; n <= 6; n++) {
      const err = 1 / (2 * n + 1) - integrate(gaussLegendre(n), (a) => a ** (2 * n));
      expect(err / (fact(n) ** 4 / ((2 * n + 1) * fact(2 * n) ** 2))).toBeCloseTo(1, 5);
    }
  });
  it('is well formed for many steps (300, 1001): ascending nodes in (0, 1), symmetric, weights sum to 1', () => {
    for (const n of [300, 1001]) {
      const { alphas, weights } = gaussLegendre(n);
      for (let k = 0; k < n; k++) {
        expect(alphas[k]).toBeGreaterThan(k === 0 ? 0 : alphas[k - 1]!);
        expect(alphas[k]! + alphas[n - 1 - k]!).toBeCloseTo(1, 14);
        expect(weights[k]).toBeGreaterThan(0);
      }
      expect(alphas[n - 1]).toBeLessThan(1);
      expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 13);
      expect(integrate({ alphas, weights }, (a) => Math.exp(a))).toBeCloseTo(Math.E - 1, 13);
    }
  });
});

describe('Riemann rules (Captum definitions)', () => {
  it('places the nodes as Captum does', () => {
    expect([...quadrature('riemann_left', 4).alphas]).toEqual([0, 0.25, 0.5, 0.75]);
    expect([...quadrature('riemann_right', 4).alphas]).toEqual([0.25, 0.5, 0.75, 1]);
    expect([...quadrature('riemann_middle', 4).alphas]).toEqual([0.125, 0.375, 0.625, 0.875]);
    const t = quadrature('riemann_trapezoid', 5);
    expect([...t.alphas]).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect([...t.weights]).toEqual([0.125, 0.25, 0.25, 0.25, 0.125]);
  });
  it('every rule has weights summing to 1 and integrates a linear function exactly (middle, trapezoid)', () => {
    for (const m of INTEGRATION_METHODS) expect(quadrature(m, 7).weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
    for (const m of ['riemann_middle', 'riemann_trapezoid'] as const) expect(integrate(quadrature(m, 7), (a) => 3 * a + 1)).toBeCloseTo(2.5, 14);
    // left/right are first order: x over [0, 1] with n steps is off by exactly 1/(2n)
    expect(integrate(quadrature('riemann_left', 8), (a) => a)).toBeCloseTo(0.5 - 1 / 16, 14);
    expect(integrate(quadrature('riemann_right', 8), (a) => a)).toBeCloseTo(0.5 + 1 / 16, 14);
  });
  it('rejects steps < 1 (< 2 for the trapezoid), non-integers and unknown methods', () => {
    expect(() => quadrature('riemann_left', 0)).toThrow(/steps: must be an integer >= 1, got 0/);
    expect(() => quadrature('gausslegendre', 2.5)).toThrow(RangeError);
    expect(() => quadrature('riemann_trapezoid', 1)).toThrow(/steps: must be an integer >= 2/);
    expect(() => quadrature('simpson' as never, 4)).toThrow(/method: unknown value 'simpson'; use one of 'riemann_left'.*'gausslegendre'/);
  });
});
