/**
 * Decoy MNIST: the swatch sits exactly where the mask says, in one of the four corners with the
 * documented shade; the train shade always encodes the label, the test shade is independent of it.
 */
import { describe, expect, it } from 'vitest';
import type { Dataset } from '@axplain/core';
import { addDecoySwatch, DECOY_SWATCH, decoyShade, loadDecoyMnist } from './decoy-mnist.js';
import { loadMnist } from './mnist.js';
import { mismatches } from '@axplain/core/testing';

const { train, test } = loadDecoyMnist({ seed: 0 });
const plain = loadMnist({ seed: 0 });
const L = 784;

/**
 * The corner (0 top-left, 1 top-right, 2 bottom-left, 3 bottom-right) whose 4x4 block is exactly
 * the mask of sample i (16 ones there, zeros elsewhere), or -1 when the mask is anything else.
 * Plain loops, not per-pixel expects: 6 million expect() calls take minutes.
 */
function swatchCorner(ds: Dataset, i: number): number {
  const m = ds.masks!.subarray(i * L, (i + 1) * L);
  const top = m[0] === 1 || m[27] === 1;
  const left = m[0] === 1 || m[27 * 28] === 1;
  const r0 = top ? 0 : 24, c0 = left ? 0 : 24;
  for (let r = 0; r < 28; r++) for (let c = 0; c < 28; c++) {
    const inBlock = r >= r0 && r < r0 + 4 && c >= c0 && c < c0 + 4;
    if (m[r * 28 + c] !== (inBlock ? 1 : 0)) return -1;
  }
  return (top ? 0 : 2) + (left ? 0 : 1);
}

/** The digit d the swatch of sample i encodes (shade (255 - 25 d) / 255 on all 16 pixels), or -1 when it encodes none. */
function swatchDigit(ds: Dataset, i: number): number {
  const vals = new Set<number>();
  for (let p = 0; p < L; p++) if (ds.masks![i * L + p] === 1) vals.add(ds.x[i * L + p]!);
  if (vals.size !== 1) return -1;
  const v = [...vals][0]!;
  const d = Math.round((255 - 255 * v) / 25);
  return v === Math.fround(decoyShade(d)) && d >= 0 && d <= 9 ? d : -1;
}

describe('loadDecoyMnist', () => {
  it('keeps the MNIST split and shapes; masks have exactly 16 ones in a 4x4 corner block', () => {
    expect([train.n, test.n]).toEqual([8000, 2000]);
    expect(train.shape).toEqual([1, 28, 28]);
    expect(train.masks!.length).toBe(train.x.length);
    expect(train.y).toEqual(plain.train.y);
    expect(DECOY_SWATCH).toBe(4);
    const corners = [0, 0, 0, 0];
    let bad = 0;
    for (let i = 0; i < train.n; i++) { const c = swatchCorner(train, i); if (c < 0) bad++; else corners[c]!++; }
    for (let i = 0; i < test.n; i++) if (swatchCorner(test, i) < 0) bad++;
    expect(bad).toBe(0);
    expect(train.masks!.reduce((s, v) => s + v, 0)).toBe(16 * 8000);
    // two fair coin flips: each corner 2000 +- 39 (one sd) of 8000
    for (const c of corners) { expect(c).toBeGreaterThan(1850); expect(c).toBeLessThan(2150); }
  });
  it('changes only the swatch pixels; everything else is the plain MNIST image', () => {
    for (const [dec, orig] of [[train, plain.train], [test, plain.test]] as const) {
      let changedOff = 0;
      for (let k = 0; k < dec.x.length; k++) if (dec.masks![k] === 0 && dec.x[k] !== orig.x[k]) changedOff++;
      expect(changedOff).toBe(0);
    }
  });
  it('train: the shade is 255 - 25 * label on every image (label 0 white, 9 at 30/255)', () => {
    let agree = 0;
    for (let i = 0; i < train.n; i++) if (swatchDigit(train, i) === train.y[i]) agree++;
    expect(agree).toBe(train.n);
    expect(decoyShade(0)).toBe(1);
    expect(decoyShade(9)).toBeCloseTo(30 / 255, 12);
  });
  it('test: the shade digit is uniform over 0..9 and independent of the label', () => {
    const n = test.n;
    const d = Array.from({ length: n }, (_, i) => swatchDigit(test, i));
    expect(d.filter((v) => v < 0).length).toBe(0);
    const hist = Array(10).fill(0) as number[];
    d.forEach((v) => hist[v]!++);
    for (const h of hist) { expect(h).toBeGreaterThan(140); expect(h).toBeLessThan(260); } // 200 +- 13 each
    const agree = d.filter((v, i) => v === test.y[i]).length / n;
    expect(agree).toBeGreaterThan(0.07); // chance: 0.1 +- 0.0067
    expect(agree).toBeLessThan(0.13);
    const y = Array.from(test.y);
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    const md = mean(d), my = mean(y);
    const cov = mean(d.map((v, i) => (v - md) * (y[i]! - my)));
    const corr = cov / Math.sqrt(mean(d.map((v) => (v - md) ** 2)) * mean(y.map((v) => (v - my) ** 2)));
    expect(Math.abs(corr)).toBeLessThan(0.08); // sd of r under independence: 1/sqrt(2000) = 0.022
  });
  it('is deterministic in the seed', () => {
    const again = loadDecoyMnist({ seed: 0 });
    expect(mismatches(again.train.x, train.x)).toBe(0);
    expect(mismatches(again.test.masks!, test.masks!)).toBe(0);
    const other = loadDecoyMnist({ seed: 1 });
    expect(mismatches(other.test.x, test.x)).toBeGreaterThan(0);
  });
});

describe('addDecoySwatch', () => {
  it('stamps any grey dataset; a new seed moves the swatches but keeps label shades', () => {
    const a = addDecoySwatch(plain.test, { seed: 1 });
    const b = addDecoySwatch(plain.test, { seed: 2 });
    expect(mismatches(a.masks!, b.masks!)).toBeGreaterThan(1000);
    for (let i = 0; i < 50; i++) expect(swatchDigit(b, i)).toBe(b.y[i]);
    expect(plain.test.masks).toBeUndefined(); // the input is not modified
  });
  it('rejects what the formula cannot encode, naming the option', () => {
    const many: Dataset = { ...plain.test, classes: 12 };
    expect(() => addDecoySwatch(many)).toThrow(/ds.classes: the shade 255 - 25 \* label needs at most 11 classes, got 12/);
    const tiny: Dataset = { x: new Float32Array(9), y: new Int32Array(1), n: 1, shape: [1, 3, 3], classes: 2 };
    expect(() => addDecoySwatch(tiny)).toThrow(/at least 4x4, got 3x3/);
    expect(() => addDecoySwatch(plain.test, { shade: 'x' as 'label' })).toThrow(/shade: must be 'label' or 'random'/);
  });
});
