/**
 * Issue 18's cases on models exported by torch.onnx.export (test/fixtures/torch-model-io, 6 KiB,
 * committed so that tests need no Python; rebuilt by
 * `/usr/bin/python3 test/support/export-model-io.py test/fixtures/torch-model-io`, torch 1.13,
 * seed 0): symbolic [N, 3, H, W] with a saturated
 * Sigmoid head, specialised to its first input; a sample-rate (int64 scalar) and state input; a
 * CTC-style [N, T, C] output whose T follows the symbolic width. Gradients are checked against
 * central differences through the original models, along the gradient and in random directions.
 */
import { readFileSync } from 'node:fs';
import { greedyReadout, readoutModel } from '@axplain/core';
import { FeedError, loadModel } from '@axplain/node';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { seeded } from './model-io-models.js';
import { directionalCheck, originalScore } from './support/original-model.js';

const bytes = (name: string) => readFileSync(new URL(`./fixtures/torch-model-io/${name}`, import.meta.url));
const FD = { h: 1e-2, random: 3, seed: 3 };
const TOL = 5e-3;

describe('torch-exported models', () => {
  it('[N, 3, H, W] with a saturated Sigmoid head: specialised to its first input, the logit gradient matches finite differences', async () => {
    const m = await loadModel(bytes('sigmoid-head.onnx'));
    const dims = [2, 3, 9, 13];
    const x = seeded(2 * 3 * 9 * 13, 31, -1, 1);
    const ct = Float32Array.of(1, 0.5, -0.5, 1, 0, 0);
    const { grad } = await m.vjp({ data: x, shape: dims }, { data: ct, shape: [2, 3] });
    expect(m.outputNote).toContain('the model ends in Sigmoid');
    expect([...m.inputShape]).toEqual([3, 9, 13]);
    const probs = await originalScore(bytes('sigmoid-head.onnx'), 'img', dims, 'probs', []);
    const p = await probs.output(x);
    expect([p[0], p[3]]).toEqual([1, 1]);
    await probs.release();
    const orig = await originalScore(bytes('sigmoid-head.onnx'), 'img', dims, m.outputName, ct);
    // The saturated logit is ~30, where a float32 step is 1.9e-6, and mean pooling makes random
    // directional derivatives ~1e-3: a wider step (0.25) keeps rounding under 1% of them.
    const r = await directionalCheck(orig.score, x, grad.data, { ...FD, h: 0.25 });
    expect(r.gradNorm).toBeGreaterThan(1e-3);
    expect(r.worst, JSON.stringify(r.rows)).toBeLessThan(1e-2);
    await orig.release();
    await m.dispose();
  });

  it('an int64 scalar sample rate and a state input: feeds, zeros noted, and the gradient matches finite differences', async () => {
    await expect(loadModel(bytes('stateful.onnx'))).rejects.toThrow(FeedError);
    const state = Array.from(seeded(8, 32, -1, 1));
    const m = await loadModel(bytes('stateful.onnx'), { feeds: { sr: 8000, state: { data: state, shape: [8] } } });
    expect(m.feedNote).toBeUndefined();
    const x = seeded(32, 33, -1, 1);
    const ct = seeded(8, 34, -1, 1);
    const { grad } = await m.vjp({ data: x, shape: [2, 16] }, { data: ct, shape: [2, 4] });
    const other = { sr: new ort.Tensor('int64', BigInt64Array.of(8000n), []), state: new ort.Tensor('float32', Float32Array.from([...state, ...state]), [2, 8]) };
    const orig = await originalScore(bytes('stateful.onnx'), 'x', [2, 16], m.outputName, ct, other);
    const r = await directionalCheck(orig.score, x, grad.data, FD);
    expect(r.worst, JSON.stringify(r.rows)).toBeLessThan(TOL);
    await orig.release();
    await m.dispose();
    const zeros = await loadModel(bytes('stateful.onnx'), { feeds: { sr: 16000 } });
    expect(zeros.feedNote).toContain("input 'state' [N, 8] is fed zeros");
    await zeros.dispose();
  });

  it('a CTC-style [N, T, C] output (T = W / 4, W symbolic): greedy path score matches finite differences', async () => {
    const m = await loadModel(bytes('ctc.onnx'));
    const dims = [1, 1, 16, 32];
    const x = seeded(512, 35, 0, 1);
    const xt = { data: x, shape: dims };
    const z = await m.logits(xt);
    expect([...m.outputShape]).toEqual([8, 6]);
    const readout = greedyReadout(m, z);
    const { grad } = await readoutModel(m, readout).vjp(xt, { data: Float32Array.of(1), shape: [1, 1] });
    const orig = await originalScore(bytes('ctc.onnx'), 'img', dims, m.outputName, readout.weights.data);
    const r = await directionalCheck(orig.score, x, grad.data, FD);
    expect(r.gradNorm).toBeGreaterThan(1e-3);
    expect(r.worst, JSON.stringify(r.rows)).toBeLessThan(TOL);
    await orig.release();
    await m.dispose();
  });
});
