import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.js';
import { dualNorm, lpNorm, normalizeDirection, sampleNorms, sparseL1Direction } from './norms.js';
import { clipBox, projectBall, projectBallBox, projectL1Ball, projectL2Ball, projectLinfBall, roundToward } from './projections.js';
import type { Norm } from './types.js';

/** Reference L1 projection: bisection on theta with sum max(|v| - theta, 0) = eps. */
function bisectionL1(v: Float64Array, eps: number): Float64Array {
  if (lpNorm(v, 'l1') <= eps) return Float64Array.from(v);
  let a = 0, b = lpNorm(v, 'linf');
  for (let k = 0; k < 200; k++) {
    const t = (a + b) / 2;
    const s = v.reduce((acc, x) => acc + Math.max(Math.abs(x) - t, 0), 0);
    if (s > eps) a = t; else b = t;
  }
  return v.map((x) => Math.sign(x) * Math.max(Math.abs(x) - (a + b) / 2, 0));
}

const vec = (seed: number, d: number, scale: number) => Float64Array.from(new Rng(seed).fillNormal(d, scale));
const dist2 = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.sqrt(Array.from(a).reduce((s, v, i) => s + (v - b[i]!) ** 2, 0));

describe('exact L1-ball projection (Duchi et al.)', () => {
  it('matches the bisection reference and lands on the sphere', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 60 }), fc.integer(), fc.double({ min: 0.01, max: 5, noNaN: true }), (d, seed, eps) => {
      const v = vec(seed, d, 2);
      const p = Float64Array.from(v);
      projectL1Ball(p, eps);
      const ref = bisectionL1(v, eps);
      for (let i = 0; i < d; i++) expect(Math.abs(p[i]! - ref[i]!)).toBeLessThan(1e-9);
      if (lpNorm(v, 'l1') > eps) expect(lpNorm(p, 'l1')).toBeCloseTo(eps, 9);
      else expect([...p]).toEqual([...v]);
    }), { numRuns: 300 });
  });
  it('is the closest point of the ball: no random ball point is closer', () => {
    const v = vec(7, 8, 3);
    const p = Float64Array.from(v);
    projectL1Ball(p, 1);
    const rng = new Rng(2);
    for (let k = 0; k < 2000; k++) {
      const q = Float64Array.from(p, (x) => x + 0.05 * rng.normal());
      projectL1Ball(q, 1); // any point of the ball
      expect(dist2(q, v)).toBeGreaterThanOrEqual(dist2(p, v) - 1e-12);
    }
  });
  it('closed forms: [3, -1] onto radius 1 is [1, 0]; [2, 2] onto 2 is [1, 1]; radius 0 is 0; ties', () => {
    const a = Float64Array.of(3, -1); projectL1Ball(a, 1); expect([...a]).toEqual([1, 0]);
    const b = Float64Array.of(2, 2); projectL1Ball(b, 2); expect([...b]).toEqual([1, 1]);
    const c = Float64Array.of(2, -2); projectL1Ball(c, 0); expect([...c].map(Math.abs)).toEqual([0, 0]);
    const e = Float64Array.of(1, 1, 1, 0.25); projectL1Ball(e, 1.5); expect([...e]).toEqual([0.5, 0.5, 0.5, 0]);
  });
  it('works on a slice only', () => {
    const v = Float64Array.of(9, 3, -1, 9);
    projectL1Ball(v, 1, 1, 3);
    expect([...v]).toEqual([9, 1, 0, 9]);
  });
});

describe('L2, Linf balls and the box', () => {
  it('L2: v min(1, eps/|v|); Linf: clamp; per sample in a batch', () => {
    const v = Float64Array.of(3, 4, 0.3, 0.4);
    projectBall(v, 2, [1, 1], 'l2');
    expect([...v].map((x) => +x.toFixed(12))).toEqual([0.6, 0.8, 0.3, 0.4]);
    const w = Float32Array.of(-2, 0.5, 3, -0.1);
    projectBall(w, 2, [1, 0.2], 'linf');
    expect([...w]).toEqual([-1, 0.5, 0.2, -0.1].map(Math.fround));
    const u = Float64Array.of(1, 2); projectL2Ball(u, 10); expect([...u]).toEqual([1, 2]);
    const z = Float64Array.of(1, -2); projectLinfBall(z, 0); expect([...z].map(Math.abs)).toEqual([0, 0]);
  });
  it('clipBox clamps per element', () => {
    expect([...clipBox(Float64Array.of(-1, 0.5, 2), [0, 0, 0], [1, 0.4, 1])]).toEqual([0, 0.4, 1]);
  });
  it('roundToward never rounds away from x0', () => {
    fc.assert(fc.property(fc.float({ min: -2, max: 2, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), (x0, delta) => {
      const t = x0 + delta;
      const r = roundToward(x0, t);
      expect(Math.fround(r)).toBe(r);
      expect(Math.abs(r - x0)).toBeLessThanOrEqual(Math.abs(t - x0));
      expect(Math.abs(r - t)).toBeLessThanOrEqual(Math.abs(t) * 2 ** -22 + 2e-45);
    }), { numRuns: 2000 });
  });
  it('projectBallBox output is float32 and exactly inside ball and box (no rounding slack)', () => {
    const norms: Norm[] = ['linf', 'l2', 'l1'];
    fc.assert(fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 3 }), fc.integer(), fc.constantFrom(...norms), (d, n, seed, norm) => {
      const rng = new Rng(seed);
      const x0 = rng.fillUniform(n * d, 0, 1);
      const cand = Float64Array.from(x0, (v) => v + rng.normal());
      const eps = Array.from({ length: n }, () => rng.uniform(0, 1.5));
      const lo = new Float32Array(n * d), hi = new Float32Array(n * d).fill(1);
      const out = projectBallBox(x0, cand, n, eps, norm, lo, hi);
      for (let s = 0; s < n; s++) {
        const delta = Array.from({ length: d }, (_, i) => out[s * d + i]! - x0[s * d + i]!);
        expect(lpNorm(delta, norm)).toBeLessThanOrEqual(eps[s]!);
      }
      for (let i = 0; i < n * d; i++) { expect(out[i]).toBeGreaterThanOrEqual(0); expect(out[i]).toBeLessThanOrEqual(1); }
    }), { numRuns: 300 });
  });
  it('Linf ball then box is the exact projection onto the intersection', () => {
    const x0 = Float32Array.of(0.9, 0.1);
    const out = projectBallBox(x0, [1.5, -0.5], 1, [0.25], 'linf', [0, 0], [1, 1]);
    expect([...out]).toEqual([1, 0]);
  });
});

describe('directions', () => {
  it('normalizeDirection: unit dual-sized steps, zero stays zero', () => {
    const g = Float32Array.of(3, -4, 0, 0);
    expect([...normalizeDirection(g, 2, 'l2')]).toEqual([0.6, -0.8, 0, 0]);
    expect([...normalizeDirection(g, 2, 'l1')]).toEqual([3 / 7, -4 / 7, 0, 0]);
    expect([...normalizeDirection(g, 2, 'linf')].map((v) => v + 0)).toEqual([1, -1, 0, 0]);
    expect([...sampleNorms(g, 2, 'l2')]).toEqual([5, 0]);
    expect(dualNorm('linf')).toBe('l1');
    expect(dualNorm('l2')).toBe('l2');
  });
  it('sparse L1 (SLIDE): keeps the top quantile, drops entries pushing into the box, L1 norm 1', () => {
    const g = Float32Array.of(1, -5, 2, 0.5, 4, -4);
    const x = Float32Array.of(0.5, 0.5, 0.5, 0.5, 1, 0.5);
    const lo = new Float32Array(6), hi = new Float32Array(6).fill(1);
    // x[4] sits on the upper bound and g[4] > 0 pushes out: dropped.
    expect([...sparseL1Direction(g, x, lo, hi, 1, 0.5)]).toEqual([0, -1 / 3, 1 / 3, 0, 0, -1 / 3]);
    expect([...sparseL1Direction(g, x, lo, hi, 1, 0.99)]).toEqual([0, -1, 0, 0, 0, 0]);
    expect([...sparseL1Direction(new Float32Array(6), x, lo, hi, 1)]).toEqual([0, 0, 0, 0, 0, 0]);
    expect(() => sparseL1Direction(g, x, lo, hi, 1, 1)).toThrow(/quantile/);
  });
});
