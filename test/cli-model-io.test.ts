/**
 * The model-io flags of the CLI (issue 18), run in-process: `compile --input-shape` writes a
 * specialised gradient graph whose gradient matches central differences of the original model;
 * `explain` with `--input-shape`, `--feed`, `--wrt`, `--target-positions` and `--region` on
 * small built models (the attribution equals the API's readout gradient); and every bad flag is
 * one clear line.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { positionsReadout, preprocess, type PreprocessSpec, readoutModel, rectangleMask, regionReadout } from '@axplain/core';
import { loadImage, loadModel } from '@axplain/node';
import { decodeModel } from '@axplain/onnx';
import { declaredShape } from '@axplain/ort';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { ctcModel, denseMapModel, dynamicCnn, extraInputsModel, seeded } from './model-io-models.js';
import { cliInProcess } from './support/cli-in-process.js';
import { directionalCheck, originalScore } from './support/original-model.js';

const ROOT = new URL('..', import.meta.url).pathname;
const D3 = join(ROOT, 'models/samples/mnist/digit-3.png');
const tmp = mkdtempSync(join(tmpdir(), 'axplain-cli-model-io-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const file = (name: string, bytes: Uint8Array | string) => {
  const p = join(tmp, name);
  writeFileSync(p, bytes);
  return p;
};
const DYN = file('dyn.onnx', dynamicCnn());
const EXTRA = file('extra.onnx', extraInputsModel());
const CTC = file('ctc.onnx', ctcModel());
const MAP = file('map.onnx', denseMapModel());

const axplain = (...args: string[]) => cliInProcess('--quiet', ...args);

interface ExplainJson { attribution: { shape: number[]; data: number[] }; preprocessing: PreprocessSpec; readout?: string; score?: number; outputShape?: number[]; inputShape: number[] }
const json = (p: string) => JSON.parse(readFileSync(p, 'utf8')) as ExplainJson;

describe('axplain compile --input-shape', () => {
  it('writes a graph specialised to [N, 3, 5, 7] whose gradient matches central differences of the original', async () => {
    const out = join(tmp, 'dyn-grad.onnx');
    const r = await axplain('compile', DYN, '-o', out, '--input-shape', '3,5,7');
    expect(r.err).toBe('');
    expect(r.out).toContain("input 'img' specialised to [N, 3, 5, 7]");
    const model = decodeModel(readFileSync(out));
    expect(declaredShape(model.graph!.input!.find((i) => i.name === 'img')!)).toEqual(['N', 3, 5, 7]);
    const cot = /feed the cotangent as input '([^']+)'/.exec(r.out)![1]!;
    const gradName = /-> output '([^']+)'/.exec(r.out)![1]!;
    const of = /differentiates '([^']+)'/.exec(r.out)![1]!;
    const session = await ort.InferenceSession.create(readFileSync(out));
    const x = seeded(105, 21, -1, 1);
    const ct = seeded(4, 22, -1, 1);
    const res = await session.run({ img: new ort.Tensor('float32', x, [1, 3, 5, 7]), [cot]: new ort.Tensor('float32', ct, [1, 4]) }, [gradName]);
    const orig = await originalScore(dynamicCnn(), 'img', [1, 3, 5, 7], of, ct);
    const check = await directionalCheck(orig.score, x, res[gradName]!.data as Float32Array, { h: 1e-2, random: 3, seed: 5 });
    expect(check.gradNorm).toBeGreaterThan(1e-2);
    expect(check.worst, JSON.stringify(check.rows)).toBeLessThan(5e-3);
    await orig.release();
    await session.release();
  });

  it('a shape of the wrong rank, or not numbers, is one clear line', async () => {
    const rank = await axplain('compile', DYN, '-o', join(tmp, 'x.onnx'), '--input-shape', '3,5');
    expect(rank.code).toBe(1);
    expect(rank.err).toBe("axplain: error: --input-shape: [3, 5] does not fit input 'img' declared as [N, 3, H, W] (per sample [3, H, W])\n");
    const bad = await axplain('compile', DYN, '-o', join(tmp, 'x.onnx'), '--input-shape', '3,0,7');
    expect(bad.err).toContain("--input-shape: expected positive whole numbers separated by commas, per sample without the batch axis (e.g. 3,48,192), got '3,0,7'");
  });
});

describe('axplain explain with model-io flags', () => {
  it('--input-shape on a fully dynamic model: the attribution has that shape', async () => {
    const j = join(tmp, 'dyn.json');
    const r = await axplain('explain', '--model', DYN, '--input', D3, '--input-shape', '3,5,7', '--method', 'saliency', '--out', join(tmp, 'dyn.png'), '--json', j);
    expect(r.err.replace(/axplain: note: preprocessing[^\n]*\n/, '')).toBe('');
    expect(r.code).toBe(0);
    expect(json(j).attribution.shape).toEqual([1, 3, 5, 7]);
    // Without it, one line that says which flag to give.
    const none = await axplain('explain', '--model', DYN, '--input', D3, '--out', join(tmp, 'dyn2.png'));
    expect(none.code).toBe(1);
    expect(none.err).toContain("input 'img' is declared [N, 3, H, W] with symbolic per-sample dims and no inputShape was given");
    expect(none.err).toContain('--input-shape');
  });

  it('--feed: zeros for state are said in a note; an int input without a value, an unknown input, a JSON tensor of the wrong shape are clear errors', async () => {
    const ok = await axplain('explain', '--model', EXTRA, '--input', D3, '--feed', 'sr=16000', '--method', 'saliency', '--out', join(tmp, 'extra.png'));
    expect(ok.code).toBe(0);
    expect(ok.err).toContain("axplain: note: input 'state' [N, 3] is fed zeros (no value given; set with feeds / --feed name=value)");
    expect(ok.err.match(/fed zeros/g)).toHaveLength(1);
    expect(ok.out).not.toContain('fed zeros');
    const state = file('state.json', JSON.stringify([0.1, 0.2, 0.3]));
    const given = await axplain('explain', '--model', EXTRA, '--input', D3, '--feed', 'sr=16000', '--feed', `state=${state}`, '--method', 'saliency', '--out', join(tmp, 'extra2.png'));
    expect(given.code).toBe(0);
    expect(given.err).not.toContain('fed zeros');
    const noSr = await axplain('explain', '--model', EXTRA, '--input', D3, '--out', join(tmp, 'e.png'));
    expect(noSr.err).toContain("integer input 'sr' [1] needs a value");
    const unknown = await axplain('explain', '--model', EXTRA, '--input', D3, '--feed', 'sr=16000', '--feed', 'rate=1', '--out', join(tmp, 'e.png'));
    expect(unknown.err).toBe(`axplain: error: --feed: ${EXTRA} has no other input named 'rate'; its inputs besides 'img' are: 'sr', 'state'\n`);
    const wrong = file('wrong.json', JSON.stringify({ shape: [2, 2], data: [1, 2, 3, 4] }));
    const shape = await axplain('explain', '--model', EXTRA, '--input', D3, '--feed', 'sr=16000', '--feed', `state=${wrong}`, '--out', join(tmp, 'e.png'));
    expect(shape.err).toBe("axplain: error: --feed: 'state' is a tensor of shape [2, 2]; input 'state' is declared [N, 3], so its value per sample must be [3]\n");
    const ragged = file('ragged.json', JSON.stringify([[1, 2], [3]]));
    expect((await axplain('explain', '--model', EXTRA, '--input', D3, '--feed', `state=${ragged}`, '--out', join(tmp, 'e.png'))).err).toContain('nested arrays are ragged');
    expect((await axplain('explain', '--model', EXTRA, '--input', D3, '--feed', 'sr', '--out', join(tmp, 'e.png'))).err).toContain("--feed: expected name=value (a number, or a JSON file holding a tensor), got 'sr'");
    expect((await axplain('explain', '--model', EXTRA, '--input', D3, '--feed', 'sr=missing.json', '--out', join(tmp, 'e.png'))).err).toContain("file 'missing.json' does not exist");
  });

  it('--target-positions on a sequence output: the saliency map is d score / dx of the API readout (in magnitude)', async () => {
    const j = join(tmp, 'ctc.json');
    const r = await axplain('explain', '--model', CTC, '--input', D3, '--target-positions', '3:2,7:5', '--method', 'saliency', '--out', join(tmp, 'ctc.png'), '--json', j);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`model ${CTC}: input [1, 8, 12], output [N, 12, 7], on cpu`);
    expect(r.out).toContain('output [N, 12, 7] read as the sum of the logits at (3, 2) (7, 5)');
    const res = json(j);
    const m = await loadModel(ctcModel());
    const x = preprocess([await loadImage(D3)], res.preprocessing);
    const g = (await readoutModel(m, positionsReadout(m, [[3, 2], [7, 5]])).vjp(x, { data: Float32Array.of(1), shape: [1, 1] })).grad;
    expect(res.attribution.shape).toEqual([1, 1, 8, 12]);
    let worst = 0, norm = 0;
    res.attribution.data.forEach((a, i) => { worst = Math.max(worst, Math.abs(Math.abs(a) - Math.abs(g.data[i]!))); norm = Math.max(norm, Math.abs(g.data[i]!)); });
    expect(norm).toBeGreaterThan(1e-3);
    expect(worst).toBeLessThan(1e-5 * Math.max(1, norm));
    await m.dispose();
    const greedy = await axplain('explain', '--model', CTC, '--input', D3, '--target-positions', 'greedy', '--method', 'saliency', '--out', join(tmp, 'ctc2.png'));
    expect(greedy.code).toBe(0);
    expect(greedy.out).toContain('read as the sum of the greedy-decoded logits');
    const none = await axplain('explain', '--model', CTC, '--input', D3, '--out', join(tmp, 'ctc3.png'));
    expect(none.code).toBe(1);
    expect(none.err).toContain("axplain: error: the model's output is [N, 12, 7], not class logits [N, C]; say what to explain with --target-positions position:class,... or --target-positions greedy\n");
    const out = await axplain('explain', '--model', CTC, '--input', D3, '--target-positions', '12:0', '--out', join(tmp, 'ctc4.png'));
    expect(out.err).toContain('--target-positions: target positions: (12, 0) is not a (position, class) of this output (positions 0..11, classes 0..6)');
    expect((await axplain('explain', '--model', CTC, '--input', D3, '--target-positions', '3-2', '--out', join(tmp, 'c.png'))).err).toContain("--target-positions: expected position:class pairs");
  });

  it('--region on a dense map: the saliency map is d (map summed over the rectangle) / dx of the API readout (in magnitude)', async () => {
    const j = join(tmp, 'map.json');
    const r = await axplain('explain', '--model', MAP, '--input', D3, '--region', '2,1,5,4', '--method', 'saliency', '--out', join(tmp, 'map.png'), '--json', j);
    expect(r.code).toBe(0);
    expect(r.out).toContain('output [N, 1, 6, 8] read as the sum of the map over x 2..4, y 1..3');
    const res = json(j);
    const m = await loadModel(denseMapModel());
    const x = preprocess([await loadImage(D3)], res.preprocessing);
    const g = (await readoutModel(m, regionReadout(m, rectangleMask(m, { x0: 2, y0: 1, x1: 5, y1: 4 }))).vjp(x, { data: Float32Array.of(1), shape: [1, 1] })).grad;
    let worst = 0;
    res.attribution.data.forEach((a, i) => { worst = Math.max(worst, Math.abs(Math.abs(a) - Math.abs(g.data[i]!))); });
    expect(worst).toBeLessThan(1e-5);
    await m.dispose();
    const mask = file('mask.json', JSON.stringify(Array.from({ length: 6 }, (_, y) => Array.from({ length: 8 }, (_, x) => (x < 2 && y < 2 ? 1 : 0)))));
    expect((await axplain('explain', '--model', MAP, '--input', D3, '--region', mask, '--method', 'saliency', '--out', join(tmp, 'map2.png'))).code).toBe(0);
    const small = file('small.json', JSON.stringify([[1, 0], [0, 1]]));
    expect((await axplain('explain', '--model', MAP, '--input', D3, '--region', small, '--out', join(tmp, 'm.png'))).err).toContain(`--region ${small}: the mask is [2, 2]; the model's map is 6x8, so the mask must be [6, 8]`);
    expect((await axplain('explain', '--model', MAP, '--input', D3, '--region', '2,1,9,4', '--out', join(tmp, 'm.png'))).err).toContain('is not inside the 6x8 map');
    expect((await axplain('explain', '--model', DYN, '--input-shape', '3,5,7', '--input', D3, '--region', '0,0,1,1', '--out', join(tmp, 'm.png'))).err).toContain('--region: the model\'s output is class logits [N, 4]; use --target instead');
  });

  it('inspect lists how each extra input is fed and a sequence output with the flag that reads it', async () => {
    const r = await axplain('inspect', '--model', EXTRA, '--feed', 'sr=16000');
    expect(r.code).toBe(0);
    expect(r.out).toContain("input 'sr' [1]: fed the --feed value\ninput 'state' [N, 3]: fed zeros (no --feed) per sample");
    const c = await axplain('inspect', '--model', CTC);
    expect(c.out).toContain("output 'matmul_5': [N, 12, 7] (84 values; explain reads it with --target-positions)");
    // Commands that read class logits refuse a sequence or map output (its values are no classes).
    const attack = await axplain('attack', '--model', MAP, '--input', D3, '--attack', 'fgsm', '--eps', '0.1', '--out', join(tmp, 'adv.png'));
    expect(attack.code).toBe(1);
    expect(attack.err).toContain("axplain: error: axplain attack needs class logits [N, C]; this model's output is [N, 1, 6, 8] (explain reads it with --region)");
  });
});
