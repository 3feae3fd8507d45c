import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gridSegments } from '../../segmentation/grid.js';
import { segmentationFromLabels } from '../../segmentation/segmentation.js';
import { segmentDensity, segmentMagnitude, topSegments } from './density.js';

/** Reference top-K: sort (density desc, index asc), drop zeros, take K, then everything tied with the K-th. */
function bruteForce(density: number[], k: number): { selected: number[]; ties: number[] } {
  const order = density.map((d, s) => ({ d, s })).filter((e) => e.d > 0).sort((a, b) => b.d - a.d || a.s - b.s);
  if (order.length <= k) return { selected: order.map((e) => e.s), ties: [] };
  const cut = order[k - 1]!.d;
  const tied = order.filter((e) => e.d === cut).map((e) => e.s).sort((a, b) => a - b);
  return { selected: order.filter((e) => e.d >= cut).map((e) => e.s), ties: order[k]!.d === cut ? tied : [] };
}

describe('segmentDensity', () => {
  it('counts non-zero pixels per segment over its size', () => {
    // segments: 0 = {0, 1, 4}, 1 = {2, 3}, 2 = {5}
    const seg = segmentationFromLabels([0, 0, 1, 1, 0, 2], 3, 2);
    expect(Array.from(segmentDensity([0.3, 0, -1, 0, 0, 0], seg))).toEqual([1 / 3, 0.5, 0]);
    expect(Array.from(segmentDensity([1, 1, 1, 1, 1, 1], seg))).toEqual([1, 1, 1]);
  });
  it('rejects a map of another size', () => {
    expect(() => segmentDensity([1, 2, 3], gridSegments(2, 2))).toThrow(/filtered: has 3 values/);
  });
});

describe('topSegments', () => {
  it('ties at the K-th density are all included and reported', () => {
    expect(topSegments([0.5, 0.5, 0.5, 0.2, 0.9], 2)).toEqual({ selected: Int32Array.of(4, 0, 1, 2), ties: Int32Array.of(0, 1, 2) });
    expect(topSegments([0.5, 0.5, 0.5, 0.2, 0.9], 2, 'index')).toEqual({ selected: Int32Array.of(4, 0), ties: Int32Array.of(0, 1, 2) });
    // a tie inside the top K is no tie at the cut
    expect(topSegments([0.5, 0.5, 0.2, 0.9], 3)).toEqual({ selected: Int32Array.of(3, 0, 1), ties: new Int32Array(0) });
  });
  it("'magnitude' orders equal densities by attack magnitude and selects exactly K", () => {
    expect(topSegments([0.5, 0.5, 0.5, 0.2, 0.9], 2, 'magnitude', [1, 3, 2, 0, 0])).toEqual({ selected: Int32Array.of(4, 1), ties: Int32Array.of(0, 1, 2) });
    // magnitude never overrides density; equal magnitudes fall back to the index
    expect(Array.from(topSegments([0.2, 0.9, 0.5, 0.5], 3, 'magnitude', [99, 0, 1, 1]).selected)).toEqual([1, 2, 3]);
    expect(() => topSegments([1, 1], 1, 'magnitude')).toThrow(/magnitude: tieBreak 'magnitude' needs one magnitude per segment \(2\), got none/);
    expect(() => topSegments([1, 1], 1, 'magnitude', [1])).toThrow(/got 1/);
  });
  it('segmentMagnitude is the mean |filtered| of each segment', () => {
    const seg = segmentationFromLabels([0, 0, 1, 1, 0, 2], 3, 2);
    expect(Array.from(segmentMagnitude([0.3, 0, -1, 0, -0.6, 0], seg))).toEqual([expect.closeTo(0.3, 12), 0.5, 0]);
  });
  it('never selects a density-0 segment (fewer than K come back)', () => {
    expect(Array.from(topSegments([0, 0.1, 0, 0], 3).selected)).toEqual([1]);
    expect(topSegments([0, 0, 0], 2).selected.length).toBe(0);
  });
  it('equals a brute-force sort on random densities with many ties (property)', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 12 }), (raw, k) => {
      const density = raw.map((v) => v / 6);
      const got = topSegments(density, k);
      const want = bruteForce(density, k);
      expect(Array.from(got.selected)).toEqual(want.selected);
      expect(Array.from(got.ties)).toEqual(want.ties);
      expect(got.selected.length > k).toBe(want.ties.length > 0 && want.selected.length > k);
      expect(Array.from(topSegments(density, k, 'index').selected)).toEqual(want.selected.slice(0, k));
      // 'magnitude' with magnitudes equal to minus the index is 'index' reversed within each density
      const mag = density.map((_, s) => s);
      const byMag = Array.from(topSegments(density, k, 'magnitude', mag).selected);
      expect(byMag.length).toBe(Math.min(k, want.selected.length));
      expect(byMag.map((s) => density[s])).toEqual(want.selected.slice(0, k).map((s) => density[s]));
    }), { numRuns: 300 });
  });
  it('rejects bad K and tie-breaks', () => {
    expect(() => topSegments([1], 0)).toThrow(/topK/);
    expect(() => topSegments([1], 1, 'random' as never)).toThrow(/tieBreak/);
  });
});
