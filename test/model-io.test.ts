/**
 * Models as they are shipped (issue 18, items 2-4) through loadModel: symbolic image dims
 * (inputShape, or the first input), extra inputs (feeds, zeros, errors, another explained input),
 * a final Sigmoid read before it, sequence [N, T, C] and map [N, 1, H, W] outputs read through
 * core's readouts. Every gradient is checked against central differences through the ORIGINAL
 * model (onnxruntime on its own bytes), along the gradient and 3 seeded random directions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { greedyReadout, positionsReadout, readoutModel, rectangleMask, regionReadout, TargetError } from '@axplain/core';
import { FeedError, loadModel } from '@axplain/node';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { ctcModel, denseMapModel, dynamicCnn, extraInputsModel, seeded, sigmoidHead } from './model-io-models.js';
import { directionalCheck, originalScore } from './support/original-model.js';

const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });
const FD = { h: 1e-2, random: 3, seed: 11 };
const TOL = 5e-3;

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('resolved');
}

describe('symbolic image dims [N, 3, H, W]', () => {
  it('inputShape and first-input specialisation: vjp equals finite differences of the original model', async () => {
    for (const [inputShape, given] of [[[3, 5, 7], true], [[3, 6, 4], false]] as const) {
      const m = await loadModel(dynamicCnn(), given ? { inputShape } : {});
      expect(m.shapeFromFirstInput).toBe(!given);
      const n = 2;
      const dims = [n, ...inputShape];
      const x = seeded(dims.reduce((a, b) => a * b), 1, -1, 1);
      const ct = seeded(n * 4, 2, -1, 1);
      const { grad } = await m.vjp({ data: x, shape: dims }, { data: ct, shape: [n, 4] });
      expect([...m.inputShape]).toEqual(inputShape);
      const orig = await originalScore(dynamicCnn(), 'img', dims, m.outputName, ct);
      const r = await directionalCheck(orig.score, x, grad.data, FD);
      expect(r.gradNorm).toBeGreaterThan(1e-2);
      expect(r.worst, JSON.stringify(r.rows)).toBeLessThan(TOL);
      // The check fails a gradient 2% off (its negative test).
      expect((await directionalCheck(orig.score, x, grad.data.map((g) => g * 1.02), FD)).worst).toBeGreaterThan(TOL);
      await orig.release();
      await m.dispose();
    }
  });

  it('the compile cache keeps one entry per shape (keyed by the specialised model bytes)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'axplain-model-io-'));
    dirs.push(dir);
    const statusAt = async (shape: number[]) => {
      const m = await loadModel(dynamicCnn(), { cache: dir });
      await m.logits({ data: new Float32Array(shape.reduce((a, b) => a * b)), shape: [1, ...shape] });
      const s = m.cache.status;
      await m.dispose();
      return s;
    };
    expect(await statusAt([3, 5, 7])).toBe('miss');
    expect(await statusAt([3, 5, 7])).toBe('hit');
    expect(await statusAt([3, 4, 4])).toBe('miss');
    expect(await statusAt([3, 4, 4])).toBe('hit');
  });
});

describe('extra inputs: an int64 sample rate and recurrent state', () => {
  const dims = [2, 1, 4, 6];
  const x = seeded(48, 3, -1, 1);
  const ct = seeded(6, 4, -1, 1);
  const state = [0.3, -0.5, 0.8];
  const sr = (v: number) => new ort.Tensor('int64', BigInt64Array.of(BigInt(v)), [1]);
  const stateRows = (s: number[]) => new ort.Tensor('float32', Float32Array.from([...s, ...s]), [2, 3]);

  it('feeds: a number for sr, a per-sample tensor for state; vjp equals finite differences', async () => {
    const m = await loadModel(extraInputsModel(), { feeds: { sr: 16000, state: { data: state, shape: [3] } } });
    expect(m.feedNote).toBeUndefined();
    expect(m.feeds).toEqual([{ name: 'sr', dims: [1], perSample: false, zeros: false }, { name: 'state', dims: [3], perSample: true, zeros: false }]);
    const { grad, logits } = await m.vjp({ data: x, shape: dims }, { data: ct, shape: [2, 3] });
    const orig = await originalScore(extraInputsModel(), 'img', dims, m.outputName, ct, { sr: sr(16000), state: stateRows(state) });
    expect([...logits.data]).toEqual([...(await orig.output(x))]);
    const r = await directionalCheck(orig.score, x, grad.data, FD);
    expect(r.worst, JSON.stringify(r.rows)).toBeLessThan(TOL);
    await orig.release();
    // The sample rate scales the output: 8000 gives exactly half.
    const half = await loadModel(extraInputsModel(), { feeds: { sr: 8000, state: { data: state, shape: [3] } } });
    const z = await half.logits({ data: x, shape: dims });
    z.data.forEach((v, i) => expect(v).toBeCloseTo(logits.data[i]! / 2, 6));
    await half.dispose();
    await m.dispose();
  });

  it('state without a value is fed zeros, said in feedNote; the gradient is that of the zero-state model', async () => {
    const m = await loadModel(extraInputsModel(), { feeds: { sr: 16000 } });
    expect(m.feedNote).toBe("input 'state' [N, 3] is fed zeros (no value given; set with feeds / --feed name=value)");
    const { grad } = await m.vjp({ data: x, shape: dims }, { data: ct, shape: [2, 3] });
    const orig = await originalScore(extraInputsModel(), 'img', dims, m.outputName, ct, { sr: sr(16000), state: stateRows([0, 0, 0]) });
    const r = await directionalCheck(orig.score, x, grad.data, FD);
    expect(r.worst, JSON.stringify(r.rows)).toBeLessThan(TOL);
    await orig.release();
    await m.dispose();
  });

  it("input: 'state' explains the recurrent state, with img fed", async () => {
    const img = seeded(24, 5, -1, 1);
    const m = await loadModel(extraInputsModel(), { input: 'state', feeds: { sr: 16000, img: { data: img, shape: [1, 4, 6] } } });
    expect([...m.inputShape]).toEqual([3]);
    const s = Float32Array.from([...state, ...state.map((v) => -v)]);
    const { grad } = await m.vjp({ data: s, shape: [2, 3] }, { data: ct, shape: [2, 3] });
    const imgRows = new ort.Tensor('float32', Float32Array.from([...img, ...img]), [2, 1, 4, 6]);
    const orig = await originalScore(extraInputsModel(), 'state', [2, 3], m.outputName, ct, { sr: sr(16000), img: imgRows });
    const r = await directionalCheck(orig.score, s, grad.data, FD);
    expect(r.gradNorm).toBeGreaterThan(1e-2);
    expect(r.worst, JSON.stringify(r.rows)).toBeLessThan(TOL);
    await orig.release();
    await m.dispose();
  });

  it('clear errors: an int input without a value, an unknown input, a tensor of the wrong shape', async () => {
    const noSr = await rejection(loadModel(extraInputsModel()));
    expect(noSr).toBeInstanceOf(FeedError);
    expect(noSr.message).toBe("model bytes: integer input 'sr' [1] needs a value (it is not explained, and zeros are no default for an integer); set it with feeds: { 'sr': value } or --feed sr=<number or tensor.json>");
    const unknown = await rejection(loadModel(extraInputsModel(), { feeds: { sr: 16000, hidden: 1 } }));
    expect(unknown.message).toBe("feeds: model bytes has no other input named 'hidden'; its inputs besides 'img' are: 'sr', 'state'");
    const shape = await rejection(loadModel(extraInputsModel(), { feeds: { sr: 16000, state: { data: [1, 2, 3, 4], shape: [4] } } }));
    expect(shape.message).toBe("feeds: 'state' is a tensor of shape [4]; input 'state' is declared [N, 3], so its value per sample must be [3]");
    const frac = await rejection(loadModel(extraInputsModel(), { feeds: { sr: 16000.5 } }));
    expect(frac.message).toBe("feeds: integer input 'sr' got 16000.5");
  });
});

describe('a final Sigmoid is read before the sigmoid', () => {
  it('a saturated sigmoid (exactly 1.0 in float32) still gives the logit gradient, matching finite differences', async () => {
    const m = await loadModel(sigmoidHead());
    expect(m.outputNote).toContain("the model ends in Sigmoid ('sigmoid_2'); its input 'add_1' is used as the logits (a saturated sigmoid has exactly zero gradient in float32");
    const x = Float32Array.from([1, 1.01, 0.99, 1, 0.5, -0.3, 0.2, 0.1]);
    const orig = await originalScore(sigmoidHead(), 'x', [2, 4], 'sigmoid_2', [1, 0, 0, 0, 0, 0]);
    expect((await orig.output(x))[0]).toBe(1);
    await orig.release();
    const ct = Float32Array.from([1, 0, 0, 0, 0.5, -1]);
    const { grad } = await m.vjp({ data: x, shape: [2, 4] }, { data: ct, shape: [2, 3] });
    // d logit_0 / dx = column 0 of W = 5s.
    expect([...grad.data.slice(0, 4)].map((v) => Math.round(v * 1e5) / 1e5)).toEqual([5, 5, 5, 5]);
    const pre = await originalScore(sigmoidHead(), 'x', [2, 4], 'add_1', ct);
    const r = await directionalCheck(pre.score, x, grad.data, FD);
    expect(r.worst, JSON.stringify(r.rows)).toBeLessThan(TOL);
    await pre.release();
    await m.dispose();
    // Read after the sigmoid (output named explicitly), the saturated score's gradient is exactly 0: why the default changed.
    const after = await loadModel(sigmoidHead(), { output: 'sigmoid_2' });
    const g = (await after.vjp({ data: x.slice(0, 4), shape: [1, 4] }, { data: Float32Array.of(1, 0, 0), shape: [1, 3] })).grad;
    expect([...g.data]).toEqual([0, 0, 0, 0]);
    await after.dispose();
  });
});

describe('sequence [N, T, C] and map [N, 1, H, W] outputs through core readouts', () => {
  it('(position, class) pairs of a CTC-style output, read before its Softmax: matches finite differences', async () => {
    const m = await loadModel(ctcModel());
    expect([...m.outputShape]).toEqual([12, 7]);
    expect(m.classes).toBe(84);
    const readout = positionsReadout(m, [[3, 2], [7, 5], [7, 1]]);
    const subject = readoutModel(m, readout);
    expect(subject.classes).toBe(1);
    const x = seeded(2 * 96, 7, 0, 1);
    const { grad, logits } = await subject.vjp({ data: x, shape: [2, 1, 8, 12] }, { data: Float32Array.of(1, 1), shape: [2, 1] });
    const w = Float32Array.from([...readout.weights.data, ...readout.weights.data]);
    const orig = await originalScore(ctcModel(), 'img', [2, 1, 8, 12], m.outputName, w);
    const z = await orig.output(x);
    expect(logits.data[0]).toBeCloseTo(z[3 * 7 + 2]! + z[7 * 7 + 5]! + z[7 * 7 + 1]!, 5);
    const r = await directionalCheck(orig.score, x, grad.data, FD);
    expect(r.gradNorm).toBeGreaterThan(1e-2);
    expect(r.worst, JSON.stringify(r.rows)).toBeLessThan(TOL);
    await orig.release();
    await m.dispose();
  });

  it("'greedy': each sample's greedy path score, target n for sample n; matches finite differences per sample", async () => {
    const m = await loadModel(ctcModel());
    const x = seeded(2 * 96, 8, 0, 1);
    const xt = { data: x, shape: [2, 1, 8, 12] };
    const readout = greedyReadout(m, await m.logits(xt));
    const subject = readoutModel(m, readout);
    expect(subject.classes).toBe(2);
    const { grad } = await subject.vjp(xt, { data: Float32Array.of(1, 0, 0, 1), shape: [2, 2] });
    const orig = await originalScore(ctcModel(), 'img', [1, 1, 8, 12], m.outputName, []);
    for (let n = 0; n < 2; n++) {
      const z = await orig.output(x.slice(n * 96, (n + 1) * 96));
      // The path is the argmax at every position of the original logits.
      const path = Array.from({ length: 12 }, (_, t) => { let b = 0; for (let c = 1; c < 7; c++) if (z[t * 7 + c]! > z[t * 7 + b]!) b = c; return b; });
      expect(readout.labels![n]).toBe(`greedy path ${path.join(' ')}`);
      const wn = readout.weights.data.slice(n * 84, (n + 1) * 84);
      const one = await originalScore(ctcModel(), 'img', [1, 1, 8, 12], m.outputName, wn);
      const r = await directionalCheck(one.score, x.slice(n * 96, (n + 1) * 96), grad.data.slice(n * 96, (n + 1) * 96), FD);
      expect(r.worst, JSON.stringify(r.rows)).toBeLessThan(TOL);
      await one.release();
    }
    await orig.release();
    await m.dispose();
  });

  it('a region mask of a dense map: the map summed over a rectangle, matching finite differences', async () => {
    const m = await loadModel(denseMapModel());
    expect([...m.outputShape]).toEqual([1, 6, 8]);
    const mask = rectangleMask(m, { x0: 2, y0: 1, x1: 5, y1: 4 });
    expect(mask.reduce((a, b) => a + b)).toBe(9);
    const subject = readoutModel(m, regionReadout(m, mask));
    const x = seeded(144, 9, -1, 1);
    const { grad } = await subject.vjp({ data: x, shape: [1, 3, 6, 8] }, { data: Float32Array.of(1), shape: [1, 1] });
    const orig = await originalScore(denseMapModel(), 'img', [1, 3, 6, 8], m.outputName, mask);
    const r = await directionalCheck(orig.score, x, grad.data, FD);
    expect(r.gradNorm).toBeGreaterThan(1e-2);
    expect(r.worst, JSON.stringify(r.rows)).toBeLessThan(TOL);
    // Cells far from the region (a 3x3 conv reaches one cell out) get no gradient; cells inside do.
    expect(grad.data[0 * 48 + 5 * 8 + 7]).toBe(0);
    expect(grad.data[0 * 48 + 2 * 8 + 3]).not.toBe(0);
    await orig.release();
    await m.dispose();
  });

  it('readouts that do not fit the output are TargetErrors naming the shapes', async () => {
    const seq = await loadModel(ctcModel());
    const map = await loadModel(denseMapModel());
    expect(() => positionsReadout(seq, [[12, 0]])).toThrow(new TargetError('target positions: (12, 0) is not a (position, class) of this output (positions 0..11, classes 0..6)'));
    expect(() => positionsReadout(map, [[0, 0]])).toThrow('target positions: needs a sequence output [N, T, C]; this model\'s output is [N, 1, 6, 8]');
    expect(() => regionReadout(seq, new Float32Array(84))).toThrow("region: needs a dense map output [N, 1, H, W]; this model's output is [N, 12, 7]");
    expect(() => regionReadout(map, new Float32Array(47))).toThrow('region: the mask has 47 values; the map is 6x8 (48 values)');
    expect(() => regionReadout(map, new Float32Array(48))).toThrow('region: the mask is empty (all zeros)');
    expect(() => rectangleMask(map, { x0: 2, y0: 1, x1: 9, y1: 4 })).toThrow('is not inside the 6x8 map');
    await seq.dispose();
    await map.dispose();
  });
});
