import { describe, expect, it } from 'vitest';
import { checkInvariants } from './fixtures.test-util.js';
import { gridSegments } from './grid.js';

describe('gridSegments', () => {
  it('cell (r, c) is segment r * cols + c, with floor(r H / rows) cuts', () => {
    const s = gridSegments(5, 4, { rows: 2, cols: 2 }); // row cuts 0, 2, 5; column cuts 0, 2, 4
    expect(Array.from(s.labels)).toEqual([
      0, 0, 1, 1,
      0, 0, 1, 1,
      2, 2, 3, 3,
      2, 2, 3, 3,
      2, 2, 3, 3,
    ]);
    expect(Array.from(s.sizes)).toEqual([4, 4, 6, 6]);
    checkInvariants(s);
  });
  it('cell sizes: the last cells take the remainder', () => {
    const s = gridSegments(3, 7, { cellWidth: 3, cellHeight: 2 });
    expect(s.count).toBe(6);
    expect(Array.from(s.sizes)).toEqual([6, 6, 2, 3, 3, 1]);
    expect(Array.from(s.labels.subarray(14))).toEqual([3, 3, 3, 4, 4, 4, 5]);
    checkInvariants(s);
  });
  it('one segment per token: rows of a [tokens, features] map', () => {
    const s = gridSegments(4, 8, { cellHeight: 1 });
    expect(s.count).toBe(4);
    for (let p = 0; p < 32; p++) expect(s.labels[p]).toBe(Math.floor(p / 8));
  });
  it('time x frequency cells of a spectrogram cover every bin once', () => {
    const s = gridSegments(64, 101, { rows: 8, cols: 10 });
    expect(s.count).toBe(80);
    expect(s.sizes.reduce((a, b) => a + b, 0)).toBe(64 * 101);
    checkInvariants(s);
  });
  it('rejects bad options naming them', () => {
    expect(() => gridSegments(4, 4, { rows: 5 })).toThrow(/rows: must be an integer in 1..4/);
    expect(() => gridSegments(4, 4, { cols: 2, cellWidth: 2 })).toThrow(/not both/);
    expect(() => gridSegments(4, 4, { cellHeight: 0 })).toThrow(/cellHeight/);
  });
});
