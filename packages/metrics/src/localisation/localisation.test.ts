import { ShapeMismatchError, tensor } from '@axplain/core';
import { describe, expect, it } from 'vitest';
import { attributionLocalisation } from './attribution-localisation.js';
import { concentration } from './concentration.js';
import { energyGame } from './energy-game.js';
import { localisation } from './localisation.js';
import { boxMasks } from './masks.js';
import { pointingGame } from './pointing-game.js';
import { positivePercentage } from './positive-percentage.js';
import { relevanceRankAccuracy } from './relevance-rank-accuracy.js';

// 4x4 images, box = rows 1..2, columns 1..2 (4 pixels).
const masks = boxMasks([{ x: 1, y: 1, width: 2, height: 2 }], 4, 4);
const map = (values: Record<number, number>) => tensor(Float32Array.from({ length: 16 }, (_, p) => values[p] ?? 0), [1, 1, 4, 4]);
const inside = map({ 5: 1, 6: 2, 9: 3, 10: 4 });
const half = map({ 5: 1, 6: 1, 0: 1, 15: 1 }); // two positives inside, two outside
const signed = map({ 5: 3, 6: -1, 0: 2 });

describe('localisation metrics on a box', () => {
  // Quantus with its defaults: PointingGame (abs=False, no tolerance), AttributionLocalisation (abs=True, weighted=False),
  // RelevanceRankAccuracy (abs=True); EnergyGame uses |a| (abs=True) where the boundary paper's EG uses a+: equal on the
  // non-negative maps below, different on `signed`.
  it('boxMasks marks the half-open box, clipped to the image', () => {
    expect(Array.from(masks.data).map((v, p) => (v ? p : -1)).filter((p) => p >= 0)).toEqual([5, 6, 9, 10]);
    expect(Array.from(boxMasks([{ x: 3, y: 3, width: 5, height: 5 }], 4, 4).data).reduce((a, b) => a + b)).toBe(1);
    expect(() => boxMasks([{ x: 0, y: 0, width: -1, height: 1 }], 4, 4)).toThrow('boxes[0].width: must be an integer >= 0, got -1');
  });
  it('a map entirely inside the box: Energy Game 1, Localisation 1, PP 1, pointing hit, relevance rank 1, attribution localisation 1', async () => {
    for (const f of [energyGame, localisation, positivePercentage, pointingGame, relevanceRankAccuracy, attributionLocalisation])
      expect((await f({ attribution: inside, masks })).perSample[0]).toBe(1);
  });
  it('half the positive mass inside: EG 1/2, Loc = 2 / (4 + 2), relevance rank 2/4; pointing takes the first maximum', async () => {
    expect((await energyGame({ attribution: half, masks })).perSample[0]).toBe(0.5);
    expect((await localisation({ attribution: half, masks })).perSample[0]).toBeCloseTo(2 / 6, 12);
    expect((await relevanceRankAccuracy({ attribution: half, masks })).perSample[0]).toBe(0.5);
    expect((await pointingGame({ attribution: half, masks })).perSample[0]).toBe(0); // pixel 0 is the first maximum
  });
  it('signed maps: EG counts a+ (3 of 5), PP = 3 / (3 + 1) inside, attribution localisation = |.| share 4 / 6', async () => {
    expect((await energyGame({ attribution: signed, masks })).perSample[0]).toBeCloseTo(3 / 5, 12);
    expect((await positivePercentage({ attribution: signed, masks })).perSample[0]).toBeCloseTo(3 / 4, 12);
    expect((await attributionLocalisation({ attribution: signed, masks })).perSample[0]).toBeCloseTo(4 / 6, 12);
  });
  it('concentration: one pixel in the box scores 1 (at its own centre of mass); the same pixel outside scores 0', async () => {
    expect((await concentration({ attribution: map({ 5: 2 }), masks })).perSample[0]).toBe(1);
    expect((await concentration({ attribution: map({ 0: 2 }), masks })).perSample[0]).toBe(0);
    // two equal pixels 3 columns apart (5 and 8 -> (1,1), (2,0)): centre (1.5, 0.5), pixel 5 inside at distance sqrt(0.5) < 1 -> 1
    expect((await concentration({ attribution: map({ 5: 1, 8: 1 }), masks })).perSample[0]).toBe(1);
  });
  it('channels are summed first (nchw and nhwc), per sample', async () => {
    const two = tensor(Float32Array.from({ length: 32 }, (_, i) => (i === 5 ? 1 : i === 16 + 5 ? 1 : i === 16 ? 1 : 0)), [1, 2, 4, 4]);
    expect((await energyGame({ attribution: two, masks })).perSample[0]).toBeCloseTo(2 / 3, 12);
    const hwc = tensor(Float32Array.from({ length: 32 }, (_, i) => (i === 10 || i === 11 || i === 1 ? 1 : 0)), [1, 4, 4, 2]);
    expect((await energyGame({ attribution: hwc, masks }, { layout: 'nhwc' })).perSample[0]).toBeCloseTo(2 / 3, 12);
  });
  it('rejects masks of the wrong shape, missing masks and a non-image attribution', async () => {
    await expect(energyGame({ attribution: inside, masks: boxMasks([{ x: 0, y: 0, width: 1, height: 1 }], 5, 4) })).rejects.toBeInstanceOf(ShapeMismatchError);
    await expect(energyGame({ attribution: inside })).rejects.toThrow(/needs `masks`/);
    await expect(energyGame({ attribution: tensor(new Float32Array(16), [1, 16]), masks })).rejects.toThrow(/pixel metrics need an image/);
  });
});
