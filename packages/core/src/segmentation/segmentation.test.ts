import { describe, expect, it } from 'vitest';
import { labelComponents, mergeSmallSegments } from './components.js';
import { checkInvariants } from './fixtures.test-util.js';
import { gridSegments } from './grid.js';
import { checkSegmentation, segmentationFromGroups, segmentationFromLabels } from './segmentation.js';

describe('labelComponents', () => {
  it('joins 4-neighbours, splits equal labels that only touch diagonally; numbers in raster order', () => {
    // 1 0 1
    // 0 1 1
    const s = labelComponents(Int32Array.of(1, 0, 1, 0, 1, 1), 3, 2);
    expect(Array.from(s.labels)).toEqual([0, 1, 2, 3, 2, 2]);
    expect(s.count).toBe(4);
    expect(Array.from(s.sizes)).toEqual([1, 1, 3, 1]);
    checkInvariants(s);
  });
  it('a spiral is one component', () => {
    const m = [
      1, 1, 1, 1,
      0, 0, 0, 1,
      1, 1, 0, 1,
      1, 1, 1, 1,
    ];
    const s = labelComponents(m, 4, 4);
    expect(s.count).toBe(2);
    expect(Array.from(s.sizes)).toEqual([12, 4]);
  });
});

describe('mergeSmallSegments', () => {
  it('merges a small piece into the neighbour with the longest shared border', () => {
    // the 2-pixel segment of 1s shares 2 edges with the 0s and 3 with the 2s
    const m = [
      0, 0, 0, 0,
      1, 1, 2, 2,
      2, 2, 2, 2,
    ];
    const s = mergeSmallSegments(labelComponents(m, 4, 3), 3);
    expect(Array.from(s.labels)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
    // on equal borders the lower segment wins
    const tie = mergeSmallSegments(labelComponents([0, 0, 0, 0, 0, 1, 1, 2, 2, 2, 2, 2], 4, 3), 3);
    expect(Array.from(tie.labels)).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    checkInvariants(s);
  });
  it('keeps a lone segment and segments already large enough', () => {
    expect(mergeSmallSegments(labelComponents(new Int32Array(4), 2, 2), 10).count).toBe(1);
    expect(mergeSmallSegments(gridSegments(4, 4, { rows: 2, cols: 2 }), 4).count).toBe(4);
  });
});

describe('segmentationFromLabels', () => {
  it('renumbers labels in raster order; connected: true splits pieces', () => {
    const s = segmentationFromLabels([9, 9, 4, 9], 2, 2);
    expect(Array.from(s.labels)).toEqual([0, 0, 1, 0]);
    expect(Array.from(s.sizes)).toEqual([3, 1]);
    const apart = [3, 5, 5, 3];
    expect(segmentationFromLabels(apart, 2, 2).count).toBe(2);
    expect(segmentationFromLabels(apart, 2, 2, { connected: true }).count).toBe(4);
  });
  it('rejects negative or fractional labels and wrong sizes, naming them', () => {
    expect(() => segmentationFromLabels([0, -1], 2, 1)).toThrow(/entry 1 .* is -1/);
    expect(() => segmentationFromLabels([0, 0.5], 2, 1)).toThrow(/integers >= 0/);
    expect(() => segmentationFromLabels([0, 0, 0], 2, 1)).toThrow(/3 entries.*needs 2/);
  });
});

describe('segmentationFromGroups', () => {
  it('one segment per group (e.g. one per token of a [3, 2] embedding input)', () => {
    const s = segmentationFromGroups([[4, 5], [0, 1], [2, 3]], 6, { height: 3 });
    expect(Array.from(s.labels)).toEqual([1, 1, 2, 2, 0, 0]);
    expect([s.count, s.width, s.height]).toEqual([3, 2, 3]);
    expect(Array.from(s.sizes)).toEqual([2, 2, 2]);
  });
  it('rejects overlaps, gaps, empty groups and out-of-range indices', () => {
    expect(() => segmentationFromGroups([[0, 1], [1, 2]], 3)).toThrow(/index 1 is in group 0 and group 1/);
    expect(() => segmentationFromGroups([[0, 2]], 3)).toThrow(/index 1 is in no group/);
    expect(() => segmentationFromGroups([[0, 1, 2], []], 3)).toThrow(/group 1 is empty/);
    expect(() => segmentationFromGroups([[0, 1, 3]], 3)).toThrow(/index 3, outside 0..2/);
  });
});

describe('checkSegmentation', () => {
  it('accepts a well-formed segmentation and names what is wrong otherwise', () => {
    const g = gridSegments(2, 2, { cols: 2 });
    expect(() => checkSegmentation(g, 2, 2)).not.toThrow();
    expect(() => checkSegmentation(g, 4, 1)).toThrow(/is 2 x 2.*4 x 1/);
    expect(() => checkSegmentation({ ...g, sizes: Int32Array.of(3, 1) }, 2, 2)).toThrow(/segment 0 has 2 pixels but sizes says 3/);
    expect(() => checkSegmentation({ ...g, labels: Int32Array.of(0, 2, 0, 1) }, 2, 2)).toThrow(/label 2 at index 1/);
  });
});
