import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.js';
import { lpNorm } from './norms.js';
import { randomStart, sampleBall, sampleStream } from './samplers.js';
import type { Norm } from './types.js';

const norms: Norm[] = ['linf', 'l2', 'l1'];

describe('uniform samplers in Lp balls', () => {
  it('samples lie in the ball', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 50 }), fc.integer(), fc.double({ min: 1e-9, max: 3, noNaN: true }), fc.constantFrom(...norms), (d, seed, eps, norm) => {
      const v = sampleBall(new Rng(seed), d, eps, norm);
      expect(lpNorm(v, norm)).toBeLessThanOrEqual(eps * (1 + 1e-12));
    }), { numRuns: 500 });
  });
  // For a uniform point in a d-ball, P(||v|| <= r eps) = r^d for every norm: the median radius is
  // eps 0.5^(1/d). A radius drawn uniformly would put half the mass inside eps / 2.
  for (const norm of norms)
    for (const d of [1, 3, 20])
      it(`${norm}, d = ${d}: radius law r^d (median eps 0.5^(1/d), quartiles)`, () => {
        const rng = new Rng(11 + d);
        const m = 4000;
        const r = Array.from({ length: m }, () => lpNorm(sampleBall(rng, d, 2, norm), norm) / 2);
        for (const q of [0.25, 0.5, 0.75]) {
          const frac = r.filter((v) => v <= Math.pow(q, 1 / d)).length / m;
          // binomial std sqrt(q(1-q)/m) <= 0.008; 4 std
          expect(Math.abs(frac - q)).toBeLessThan(0.032);
        }
      });
  it('coordinates are symmetric and, for L1/L2, isotropic (equal variance per axis)', () => {
    for (const norm of ['l2', 'l1'] as const) {
      const rng = new Rng(3);
      const d = 4, m = 6000;
      const mean = new Float64Array(d), sq = new Float64Array(d);
      for (let k = 0; k < m; k++) {
        const v = sampleBall(rng, d, 1, norm);
        for (let i = 0; i < d; i++) { mean[i]! += v[i]! / m; sq[i]! += v[i]! ** 2 / m; }
      }
      // Uniform in the unit L2 ball: E v_i^2 = 1/(d+2); unit L1 ball: E v_i^2 = 2/((d+1)(d+2)).
      const want = norm === 'l2' ? 1 / (d + 2) : 2 / ((d + 1) * (d + 2));
      for (let i = 0; i < d; i++) {
        expect(Math.abs(mean[i]!)).toBeLessThan(0.02);
        expect(Math.abs(sq[i]! - want) / want).toBeLessThan(0.06);
      }
    }
  });
  it('eps 0 gives zeros', () => {
    for (const norm of norms) expect([...sampleBall(new Rng(1), 5, 0, norm)]).toEqual([0, 0, 0, 0, 0]);
  });
});

describe('per-sample streams and random starts', () => {
  it('a sample draws the same start alone or in a batch, different samples draw different noise', () => {
    const rng = new Rng(5);
    const d = 7, n = 3;
    const x0 = rng.fillUniform(n * d, 0.2, 0.8);
    const lo = new Float32Array(n * d), hi = new Float32Array(n * d).fill(1);
    for (const norm of norms) {
      const batch = randomStart(x0, n, [0.1, 0.2, 0.3], norm, lo, hi, 42, 1);
      for (let s = 0; s < n; s++) {
        const one = randomStart(x0.slice(s * d, (s + 1) * d), 1, [[0.1, 0.2, 0.3][s]!], norm, lo.subarray(0, d), hi.subarray(0, d), 42, 1);
        expect([...one]).toEqual([...batch.subarray(s * d, (s + 1) * d)]);
      }
      const deltas = [0, 1].map((s) => Array.from({ length: d }, (_, i) => (batch[s * d + i]! - x0[s * d + i]!) / [0.1, 0.2][s]!));
      expect(deltas[0]!.every((v, i) => Math.abs(v - deltas[1]![i]!) < 1e-5)).toBe(false);
    }
  });
  it('streams depend on seed and restart', () => {
    const s = Float32Array.of(0.1, 0.2);
    const a = sampleStream(0, s, 0).next();
    expect(sampleStream(0, s, 0).next()).toBe(a);
    expect(sampleStream(1, s, 0).next()).not.toBe(a);
    expect(sampleStream(0, s, 1).next()).not.toBe(a);
  });
  it('random starts stay in the ball and the box', () => {
    const x0 = Float32Array.of(0, 1, 0.5, 0.99);
    for (const norm of norms) {
      const st = randomStart(x0, 1, [0.5], norm, new Float32Array(4), new Float32Array(4).fill(1), 3, 0);
      expect(lpNorm(st.map((v, i) => v - x0[i]!), norm)).toBeLessThanOrEqual(0.5);
      for (const v of st) { expect(v).toBeGreaterThanOrEqual(0); expect(v).toBeLessThanOrEqual(1); }
    }
  });
});
