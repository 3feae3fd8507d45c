/**
 * The localisation canvas: every box lies inside the canvas, holds exactly the digit's pixels (all
 * of its ink), and clutter lies outside the box grown by the margin; positions spread over the canvas.
 */
import { describe, expect, it } from 'vitest';
import { type BoundingBox, type Dataset, splitDataset } from '@axplain/core';
import { loadLocalisationCanvas, makeLocalisationCanvas, tightBox } from './localisation-canvas.js';
import { readMnist } from './mnist.js';
import { mismatches } from '@axplain/core/testing';

const opts = { seed: 0, limitPerClass: 60 };
const { train, test } = loadLocalisationCanvas(opts);
const digits = splitDataset(readMnist(opts), opts); // the digits behind canvas i are digits.train / test sample i
const S = 64;

interface Audit { outsideCanvas: number; boxMismatch: number; ringInk: number; clutterFree: number; inkOutside: number }
/** Checks every canvas of `ds` against its source digits (plain loops; counts of violations). */
function audit(ds: Dataset, src: Dataset, margin = 2): Audit {
  const a: Audit = { outsideCanvas: 0, boxMismatch: 0, ringInk: 0, clutterFree: 0, inkOutside: 0 };
  for (let i = 0; i < ds.n; i++) {
    const b = ds.boxes![i]!;
    if (!(b.x0 >= 0 && b.y0 >= 0 && b.x1 <= S && b.y1 <= S && b.x0 < b.x1 && b.y0 < b.y1)) { a.outsideCanvas++; continue; }
    const digit = src.x.subarray(i * 784, (i + 1) * 784);
    const ink = tightBox(digit, 28, 28)!;
    if (ink.x1 - ink.x0 !== b.x1 - b.x0 || ink.y1 - ink.y0 !== b.y1 - b.y0) { a.boxMismatch++; continue; }
    const canvas = ds.x.subarray(i * S * S, (i + 1) * S * S);
    // inside the box: exactly the digit's tight crop
    for (let r = 0; r < b.y1 - b.y0; r++) for (let c = 0; c < b.x1 - b.x0; c++) {
      if (canvas[(b.y0 + r) * S + b.x0 + c] !== digit[(ink.y0 + r) * 28 + ink.x0 + c]) a.boxMismatch++;
    }
    let outside = 0;
    for (let r = 0; r < S; r++) for (let c = 0; c < S; c++) {
      const v = canvas[r * S + c]!;
      const inBox = c >= b.x0 && c < b.x1 && r >= b.y0 && r < b.y1;
      const inGrown = c >= b.x0 - margin && c < b.x1 + margin && r >= b.y0 - margin && r < b.y1 + margin;
      if (!inBox && inGrown && v !== 0) a.ringInk++;
      if (!inGrown && v > 0) outside++;
    }
    if (outside === 0) a.clutterFree++;
    // all of the digit's ink sits in the box: the digit's ink mass equals the box's mass
    let inkMass = 0, boxMass = 0;
    for (const v of digit) inkMass += v;
    for (let r = b.y0; r < b.y1; r++) for (let c = b.x0; c < b.x1; c++) boxMass += canvas[r * S + c]!;
    if (Math.abs(inkMass - boxMass) > 1e-3) a.inkOutside++;
  }
  return a;
}

describe('loadLocalisationCanvas', () => {
  it('has 64x64 canvases in [0, 1] with the digits\' labels and class names', () => {
    expect([train.n, test.n]).toEqual([480, 120]);
    expect(train.shape).toEqual([1, 64, 64]);
    expect(train.x.length).toBe(480 * 64 * 64);
    expect(train.boxes!.length).toBe(480);
    expect(mismatches(train.y, digits.train.y)).toBe(0);
    expect(mismatches(test.y, digits.test.y)).toBe(0);
    expect(new Set(test.y).size).toBe(10);
    expect(train.labels![3]).toBe('3');
    expect(train.masks).toBeUndefined();
    let min = Infinity, max = -Infinity;
    for (const v of train.x) { if (v < min) min = v; if (v > max) max = v; }
    expect(min).toBe(0);
    expect(max).toBeLessThanOrEqual(1);
  });
  it('boxes lie in the canvas and hold exactly the digit; clutter stays out of the box and its 2-pixel margin', () => {
    for (const [ds, src] of [[train, digits.train], [test, digits.test]] as const) {
      expect(audit(ds, src)).toEqual({ outsideCanvas: 0, boxMismatch: 0, ringInk: 0, clutterFree: 0, inkOutside: 0 });
    }
  });
  it('places digits all over the canvas', () => {
    const xs = train.boxes!.map((b) => b.x0), ys = train.boxes!.map((b) => b.y0);
    expect(Math.min(...xs)).toBeLessThan(8);
    expect(Math.max(...xs)).toBeGreaterThan(40);
    expect(Math.min(...ys)).toBeLessThan(8);
    expect(Math.max(...ys)).toBeGreaterThan(40);
  });
  it('is deterministic in the seed', () => {
    const again = loadLocalisationCanvas(opts);
    expect(mismatches(again.train.x, train.x)).toBe(0);
    expect(again.test.boxes).toEqual(test.boxes);
    const other = loadLocalisationCanvas({ ...opts, seed: 1 });
    expect(other.test.boxes).not.toEqual(test.boxes);
  });
});

describe('makeLocalisationCanvas', () => {
  const src = digits.test;
  it('without clutter the canvas is the pasted digit alone', () => {
    const ds = makeLocalisationCanvas(src, { size: 56, fragments: 0, strokes: 0, seed: 4 });
    expect(ds.shape).toEqual([1, 56, 56]);
    for (let i = 0; i < ds.n; i++) {
      const b: BoundingBox = ds.boxes![i]!;
      let inkOut = 0;
      for (let r = 0; r < 56; r++) for (let c = 0; c < 56; c++) {
        if (!(c >= b.x0 && c < b.x1 && r >= b.y0 && r < b.y1) && ds.x[i * 3136 + r * 56 + c] !== 0) inkOut++;
      }
      expect(inkOut).toBe(0);
      expect(tightBox(ds.x.subarray(i * 3136, (i + 1) * 3136), 56, 56)).toEqual(b);
    }
  });
  it('more clutter means more ink outside the box; a wider margin keeps it further away', () => {
    const totalInk = (ds: Dataset) => {
      let s = 0;
      for (let i = 0; i < ds.n; i++) for (let p = 0; p < S * S; p++) s += ds.x[i * S * S + p]!;
      return s;
    };
    const few = makeLocalisationCanvas(src, { fragments: 1, strokes: 0 });
    const many = makeLocalisationCanvas(src, { fragments: 6, strokes: 4 });
    expect(totalInk(many)).toBeGreaterThan(1.5 * totalInk(few));
    const wide = makeLocalisationCanvas(src, { margin: 6 });
    expect(audit(wide, src, 6).ringInk).toBe(0);
    // the audit does see clutter next to the box: with margin 0 some lands in the 2-pixel ring
    expect(audit(makeLocalisationCanvas(src, { margin: 0, fragments: 8 }), src).ringInk).toBeGreaterThan(0);
  });
  it('tightBox finds the half-open box of the nonzero pixels', () => {
    const img = new Float32Array(20); // 4 x 5
    img[1 * 5 + 2] = 0.5;
    img[3 * 5 + 4] = 0.1;
    expect(tightBox(img, 4, 5)).toEqual({ x0: 2, y0: 1, x1: 5, y1: 4 });
    expect(tightBox(new Float32Array(20), 4, 5)).toBeUndefined();
  });
  it('rejects bad options naming them, and blank digits', () => {
    expect(() => makeLocalisationCanvas(src, { size: 20 })).toThrow(/size: must be an integer >= 28, got 20/);
    expect(() => makeLocalisationCanvas(src, { fragmentSize: [10, 40] })).toThrow(/fragmentSize: needs integers 1 <= min <= max <= 28/);
    expect(() => makeLocalisationCanvas(src, { margin: -1 })).toThrow(/margin: must be an integer >= 0/);
    const blank: Dataset = { ...src, n: 1, x: new Float32Array(784), y: new Int32Array(1) };
    expect(() => makeLocalisationCanvas(blank)).toThrow(/digits: sample 0 is blank/);
  });
});
