import { describe, expect, it } from 'vitest';
import { Rng } from '../../rng.js';
import { gridSegments } from '../../segmentation/grid.js';
import { quickshift } from '../../segmentation/quickshift.js';
import { segmentationFromGroups, segmentationFromLabels } from '../../segmentation/segmentation.js';
import { LinearModel, ReluModel } from '../../testing/linear-model.js';
import { axai } from './axai.js';

const WIDE = { lo: -100, hi: 100 };

/**
 * f = [m, w . x]: from x = 0 the prediction is 0 and every CE gradient points along w, so L2 PGD
 * ends at delta = eps w / ||w|| (the attack runs all 20 steps and reaches the sphere).
 */
function towardW(shape: number[], w: number[], m: number) {
  const model = new LinearModel(shape, 2, Float32Array.from([...new Array<number>(w.length).fill(0), ...w]), Float32Array.of(m, 0));
  return { model, x: { data: new Float32Array(w.length), shape: [1, ...shape] }, norm: Math.hypot(...w) };
}

// 2 channels over a 2 x 5 map (channels-first)
const c0 = [3, -1, 4, 1, -5, 9, 2, -6, 5, 3.5];
const c1 = [0.5, -2, 7, -8, 1.5, 2.5, -3, 6.5, 0, -4];

describe('axai on a linear model (closed form)', () => {
  it('delta = eps w / ||w||; the filter keeps exactly the 2 lowest and 2 highest values of each channel', async () => {
    const { model, x, norm } = towardW([2, 2, 5], [...c0, ...c1], 1);
    const eps = 0.5;
    const r = await axai(model, x, { eps, box: WIDE, segments: gridSegments(2, 5, { cols: 5 }), topK: 2 });
    const s = eps / norm;
    expect(r.found[0]).toBe(1);
    [...c0, ...c1].forEach((w, i) => expect(r.delta.data[i]).toBeCloseTo(s * w, 6));
    const e = r.explanations[0]!;
    expect([e.label, e.adversarialLabel, e.found]).toEqual([0, 1, true]);
    // channel 0 keeps -6 (7), -5 (4), 5 (8), 9 (5); channel 1 keeps -8 (3), -4 (9), 6.5 (7), 7 (2)
    const want = [0, 0, 7, -8, -5, 9, 0, -6 + 6.5, 5, -4];
    want.forEach((v, i) => expect(e.filtered[i]).toBeCloseTo(s * v, 6));
    expect(e.filtered[0]).toBe(0);
    expect(e.lower[0]).toBeCloseTo(s * (-5 + 0.35 * 4), 6); // -6 -5 -1 ...: rank 1.35
    // columns {c, 5 + c} of the 2 x 5 map: densities 1/2, 0, 1, 1, 1
    expect(Array.from(e.density)).toEqual([0.5, 0, 1, 1, 1]);
    // mean |filtered| per column: (0 + 9) / 2, 0, (7 + 0.5) / 2, (8 + 5) / 2, (5 + 4) / 2
    [4.5, 0, 3.75, 6.5, 4.5].forEach((v, c) => expect(e.magnitude[c]).toBeCloseTo(s * v, 6));
    // K = 2 cuts through the three segments of density 1 (reported as ties): the two of largest magnitude
    expect(Array.from(e.selected)).toEqual([3, 4]);
    expect(Array.from(e.ties)).toEqual([2, 3, 4]);
    expect(Array.from(e.mask)).toEqual([0, 0, 0, 1, 1, 0, 0, 0, 1, 1]);
    expect(r.attack.norms.l2[0]).toBeCloseTo(eps, 5);
  });
  it("tieBreak 'index' keeps exactly K, 'include' every tie; K above the non-zero segments returns them all", async () => {
    const { model, x } = towardW([2, 2, 5], [...c0, ...c1], 1);
    const base = { eps: 0.5, box: WIDE, segments: gridSegments(2, 5, { cols: 5 }) };
    expect(Array.from((await axai(model, x, { ...base, topK: 2, tieBreak: 'index' })).explanations[0]!.selected)).toEqual([2, 3]);
    expect(Array.from((await axai(model, x, { ...base, topK: 2, tieBreak: 'include' })).explanations[0]!.selected)).toEqual([2, 3, 4]);
    expect(Array.from((await axai(model, x, { ...base, topK: 5 })).explanations[0]!.selected)).toEqual([3, 4, 2, 0]);
  });
  it('a budget below the boundary distance: found false, nothing selected, the attack untouched', async () => {
    const { model, x, norm } = towardW([2, 2, 5], [...c0, ...c1], 1);
    const r = await axai(model, x, { eps: 0.9 / norm, box: WIDE, segments: gridSegments(2, 5, { cols: 5 }) });
    expect(r.found[0]).toBe(0);
    const e = r.explanations[0]!;
    expect([e.found, e.label, e.adversarialLabel]).toEqual([false, 0, 0]);
    expect(e.selected.length).toBe(0);
    expect(e.mask.every((v) => v === 0)).toBe(true);
    expect(r.delta.data.every((v) => v === 0)).toBe(true);
  });
  it('flat inputs: one segment per feature group (tokens)', async () => {
    // 4 tokens x 3 features; w is large on token 2 only
    const w = [0.1, -0.1, 0.05, 0.2, 0, -0.1, 3, -4, 5, 0.1, 0.1, -0.2];
    const { model, x } = towardW([4, 3], w, 1);
    const tokens = segmentationFromGroups([[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10, 11]], 12, { height: 4 });
    const r = await axai(model, x, { eps: 1, box: WIDE, segments: tokens, topK: 1, alpha: 15 });
    expect(r.dims).toEqual({ channels: 1, height: 4, width: 3, layout: 'flat' });
    expect(Array.from(r.explanations[0]!.selected)).toEqual([2]);
    await expect(axai(new LinearModel([12], 2, new Float32Array(24)), { data: new Float32Array(12), shape: [1, 12] })).rejects.toThrow(/1 x D input has no default segmentation/);
  });
});

describe('axai on a ReLU network, batch of images', () => {
  const rng = new Rng(11);
  const shape = [3, 6, 6], d = 108, hidden = 16, classes = 4;
  const model = new ReluModel(shape, classes, rng.fillNormal(hidden * d, 0.3), rng.fillNormal(hidden, 0.1), rng.fillNormal(classes * hidden), rng.fillNormal(classes, 0.1));
  const x = { data: rng.fillUniform(3 * d, 0, 1), shape: [3, ...shape] };

  it('selected = brute-force top-K of the returned densities, for every sample and segmenter', async () => {
    const random = segmentationFromLabels(Int32Array.from({ length: 36 }, () => Math.floor(rng.next() * 7)), 6, 6);
    for (const segments of [{ method: 'quickshift', kernelSize: 1, maxDist: 10, ratio: 0.5 } as const, { method: 'slic', nSegments: 9 } as const, { method: 'grid', rows: 3, cols: 3 } as const, random]) {
      const r = await axai(model, x, { eps: 3, segments, topK: 3 });
      expect(r.found.every((f) => f === 1)).toBe(true);
      for (const e of r.explanations) {
        const order = Array.from(e.density, (v, s) => ({ v, m: e.magnitude[s]!, s })).filter((o) => o.v > 0).sort((a, b) => b.v - a.v || b.m - a.m || a.s - b.s);
        expect(Array.from(e.selected)).toEqual(order.slice(0, 3).map((o) => o.s));
        // density recomputed from the filtered map
        e.density.forEach((dens, s) => {
          let hit = 0;
          e.segmentation.labels.forEach((l, p) => { if (l === s && e.filtered[p] !== 0) hit++; });
          expect(dens).toBe(hit / e.segmentation.sizes[s]!);
          let mass = 0;
          e.segmentation.labels.forEach((l, p) => { if (l === s) mass += Math.abs(e.filtered[p]!); });
          expect(e.magnitude[s]).toBeCloseTo(mass / e.segmentation.sizes[s]!, 12);
        });
      }
    }
  });
  it('deterministic: the same call gives the same explanation; per-sample segmentations are used as given', async () => {
    const segs = [gridSegments(6, 6, { rows: 2, cols: 2 }), gridSegments(6, 6, { rows: 3, cols: 3 }), gridSegments(6, 6, { cols: 6 })];
    const a = await axai(model, x, { eps: 3, segments: segs });
    const b = await axai(model, x, { eps: 3, segments: segs });
    expect(a.explanations.map((e) => e.segmentation.count)).toEqual([4, 9, 6]);
    expect(Array.from(b.delta.data)).toEqual(Array.from(a.delta.data));
    expect(b.explanations.map((e) => Array.from(e.selected))).toEqual(a.explanations.map((e) => Array.from(e.selected)));
  });
  it('a function segmenter sees each sample; the default is QuickShift', async () => {
    const seen: number[][] = [];
    await axai(model, x, { eps: 3, segments: (s, i) => { seen.push([i, ...s.shape]); return gridSegments(6, 6, { rows: 2 }); } });
    expect(seen).toEqual([[0, 3, 6, 6], [1, 3, 6, 6], [2, 3, 6, 6]]);
    const r = await axai(model, x, { eps: 3 });
    r.explanations.forEach((e, i) => {
      const direct = quickshift({ data: x.data.subarray(i * d, (i + 1) * d), shape }, {});
      expect(Array.from(e.segmentation.labels)).toEqual(Array.from(direct.labels));
    });
  });
  it('rejects bad options before attacking', async () => {
    const calls = model.calls.vjp;
    await expect(axai(model, x, { alpha: 70 })).rejects.toThrow(/alpha/);
    await expect(axai(model, x, { topK: 0 })).rejects.toThrow(/topK/);
    await expect(axai(model, x, { segments: [gridSegments(6, 6)] })).rejects.toThrow(/1 segmentations given for a batch of 3/);
    await expect(axai(model, x, { segments: gridSegments(5, 6) })).rejects.toThrow(/segments\[0\]: is 5 x 6/);
    expect(model.calls.vjp).toBe(calls);
  });
});
