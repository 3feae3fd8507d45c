/**
 * Text models explained at their embedding: the cut at the embedding Gather, token attributions
 * against closed forms on a linear bag-of-embeddings model (logits = W^T mean_t e_t + b, so
 * d z_c / d e_t = W[:, c] / L on the L real tokens and 0 on padding), IG completeness on a ReLU
 * model, gradients against central differences through the ORIGINAL model (ids in), and the
 * segment methods with one segment per token.
 */
import { integratedGradients, kernelShap, lime, Rng, saliency, smoothGrad, tokenAttributions, tokenSegmentation, axai, AxplainError } from '@axplain/core';
import { buildTextClassifier, createEmbeddingModel, cutAtEmbedding, TEXT_IO } from '@axplain/ort';
import { decodeModel, encodeModel, tensorValues } from '@axplain/onnx';
import * as ort from 'onnxruntime-node';
import { describeConformance } from '@axplain/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeRuntime } from '../model/node-runtime.js';

const T = 6, D = 4, V = 10;
const linearBytes = encodeModel(buildTextClassifier({ vocab: V, dim: D, seqLength: T, classes: 2, seed: 3 }));
const reluBytes = encodeModel(buildTextClassifier({ vocab: V, dim: D, seqLength: T, classes: 3, hidden: [5], seed: 4 }));
const ids = [3, 7, 2, 7, 0, 0]; // 4 real tokens, 2 padding
const L = 4;

function weights(bytes: Uint8Array) {
  const m = decodeModel(bytes);
  const get = (n: string) => Float32Array.from(tensorValues(m.graph!.initializer!.find((t) => t.name === n)!));
  return { table: get(TEXT_IO.table), w: get('out.weight'), b: get('out.bias') };
}

/** Logits of the original model (token ids in) on onnxruntime directly. */
async function originalLogits(bytes: Uint8Array, rows: number[][]): Promise<Float32Array> {
  const s = await ort.InferenceSession.create(bytes);
  const feeds = { [TEXT_IO.ids]: new ort.Tensor('int64', BigInt64Array.from(rows.flat(), BigInt), [rows.length, T]) };
  const out = await s.run(feeds);
  await s.release();
  return out[TEXT_IO.logits]!.data as Float32Array;
}

describe('cutAtEmbedding', () => {
  it('removes the Gather, makes the embedding a float input [N, T, D] and keeps the ids for the padding mask', () => {
    const cut = cutAtEmbedding(decodeModel(linearBytes));
    expect(cut.embedding).toBe(TEXT_IO.embedded);
    expect(cut.ids).toBe(TEXT_IO.ids);
    expect(cut.idsKept).toBe(true);
    expect([cut.vocab, cut.dim, cut.seqLength]).toEqual([V, D, T]);
    expect(cut.model.graph!.node!.some((n) => n.opType === 'Gather')).toBe(false);
    expect(cut.model.graph!.input!.map((i) => i.name)).toContain(TEXT_IO.embedded);
    expect(cut.table.length).toBe(V * D);
  });
  it('names what is missing: no int input, a wrong embedding name', () => {
    const m = decodeModel(linearBytes);
    expect(() => cutAtEmbedding(m, { embedding: 'nope' })).toThrow(/no Gather node outputs 'nope'/);
    expect(() => cutAtEmbedding(m, { ids: 'nope' })).toThrow(/'nope' is not a graph input/);
    try { cutAtEmbedding(m, { ids: 'nope' }); } catch (e) { expect(AxplainError.isInstance(e)).toBe(true); }
  });
});

describe('createEmbeddingModel', () => {
  it('predicts what the original model predicts from the ids, and embed() is the table lookup', async () => {
    const model = await createEmbeddingModel(reluBytes, nodeRuntime);
    const rows = [ids, [1, 1, 9, 4, 5, 0]];
    const z = await model.predict(rows.flat());
    const want = await originalLogits(reluBytes, rows);
    for (let i = 0; i < want.length; i++) expect(z.data[i]).toBeCloseTo(want[i]!, 5);
    const { table } = weights(reluBytes);
    const e = model.embed(ids);
    expect(Array.from(e.data.subarray(D, 2 * D))).toEqual(Array.from(table.subarray(7 * D, 8 * D)));
    expect(() => model.embed([V])).toThrow(/ShapeMismatch|T = 6/);
    expect(() => model.embed([0, 0, 0, 0, 0, V])).toThrow(/ids\[5\]: 10 is not a row/);
    await model.dispose();
  });

  it('saliency per token is W[:, c] summed over D / L on real tokens and exactly 0 on padding; IG is e_t . W[:, c] / L', async () => {
    const model = await createEmbeddingModel(linearBytes, nodeRuntime);
    const { table, w } = weights(linearBytes);
    const gm = model.bind(ids);
    const x = model.embed(ids);
    for (const c of [0, 1]) {
      const sal = tokenAttributions((await saliency(gm, x, { target: c })).attribution);
      const ig = await integratedGradients(gm, x, { target: c, steps: 8 });
      const igTok = tokenAttributions(ig.attribution);
      for (let t = 0; t < T; t++) {
        let colSum = 0, dot = 0;
        for (let d = 0; d < D; d++) { colSum += w[d * 2 + c]!; dot += table[ids[t]! * D + d]! * w[d * 2 + c]!; }
        const real = t < L;
        expect(sal.data[t]).toBeCloseTo(real ? colSum / L : 0, 6);
        expect(igTok.data[t]).toBeCloseTo(real ? dot / L : 0, 6);
      }
      expect(Math.abs(ig.delta[0]!)).toBeLessThan(1e-5);
    }
    await model.dispose();
  });

  it('ReLU model: IG token attributions add up to f(x) - f(0) (completeness), and the vjp matches central differences of the original model', async () => {
    const model = await createEmbeddingModel(reluBytes, nodeRuntime);
    const gm = model.bind(ids);
    const x = model.embed(ids);
    const ig = await integratedGradients(gm, x, { target: 2, steps: 256, method: 'riemann_trapezoid' });
    const tok = tokenAttributions(ig.attribution);
    const total = Array.from(tok.data).reduce((a, b) => a + b, 0);
    expect(Math.abs(total - (ig.inputScores[0]! - ig.baselineScores[0]!))).toBeLessThan(2e-3);
    expect(Math.abs(ig.inputScores[0]! - ig.baselineScores[0]!)).toBeGreaterThan(1e-3);
    // Gradient w.r.t. an embedding value through the original model: perturb the table row of a token used once (id 3 at t = 0).
    const { grad } = await gm.vjp(x, { data: Float32Array.of(0, 0, 1), shape: [1, 3] });
    const m = decodeModel(reluBytes);
    const tab = m.graph!.initializer!.find((t) => t.name === TEXT_IO.table)!;
    const base = Float32Array.from(tensorValues(tab));
    const h = 1e-3;
    for (const d of [0, 1, 2, 3]) {
      const f = async (s: number) => {
        const v = base.slice();
        v[3 * D + d]! += s * h;
        tab.rawData = new Uint8Array(v.buffer);
        return (await originalLogits(encodeModel(m), [ids]))[2]!;
      };
      const fd = ((await f(1)) - (await f(-1))) / (2 * h);
      expect(grad.data[0 * D + d]).toBeCloseTo(fd, 3);
    }
    // Random directions u in the row of token 7, used at t = 1 and t = 3: the derivative is (g_1 + g_3) . u.
    const rng = new Rng(11);
    for (let k = 0; k < 3; k++) {
      const u = Array.from({ length: D }, () => rng.normal());
      const f = async (s: number) => {
        const v = base.slice();
        for (let d = 0; d < D; d++) v[7 * D + d]! += s * h * u[d]!;
        tab.rawData = new Uint8Array(v.buffer);
        return (await originalLogits(encodeModel(m), [ids]))[2]!;
      };
      const fd = ((await f(1)) - (await f(-1))) / (2 * h);
      const want = u.reduce((acc, ud, d) => acc + ud * (grad.data[1 * D + d]! + grad.data[3 * D + d]!), 0);
      expect(Math.abs(want)).toBeGreaterThan(1e-3);
      expect(want).toBeCloseTo(fd, 3);
    }
    await model.dispose();
  });

  it('SmoothGrad, LIME and KernelSHAP run with one segment per token; KernelSHAP is exact on the linear model', async () => {
    const model = await createEmbeddingModel(linearBytes, nodeRuntime);
    const { table, w } = weights(linearBytes);
    const gm = model.bind(ids);
    const x = model.embed(ids);
    const segments = tokenSegmentation(T, D, L);
    expect(segments.count).toBe(L + 1);
    const shap = await kernelShap(gm, x, { segments, target: 1, maxEvals: 64 });
    const lm = await lime(gm, x, { segments, target: 1, maxEvals: 64, alpha: 1e-9 });
    for (let t = 0; t < L; t++) {
      let dot = 0;
      for (let d = 0; d < D; d++) dot += table[ids[t]! * D + d]! * w[d * 2 + 1]!;
      expect(shap.perSample[0]!.values[t]).toBeCloseTo(dot / L, 5);
      expect(lm.perSample[0]!.coefficients[t]).toBeCloseTo(dot / L, 4);
    }
    expect(shap.perSample[0]!.values[L]).toBeCloseTo(0, 6); // the padding segment
    const sg = await smoothGrad(gm, x, { target: 1, samples: 8, seed: 0 });
    const sgTok = tokenAttributions(sg.attribution);
    expect(sgTok.data[0]).toBeCloseTo(tokenAttributions((await saliency(gm, x, { target: 1 })).attribution).data[0]!, 5); // linear: noise does not change the gradient
    await model.dispose();
  });

  it('AXAI selects token segments on the ReLU model', async () => {
    const model = await createEmbeddingModel(reluBytes, nodeRuntime);
    const gm = model.bind(ids);
    const r = await axai(gm, model.embed(ids), { segments: tokenSegmentation(T, D, L), topK: 2, eps: 5, steps: 40 });
    const e = r.explanations[0]!;
    expect(e.segmentation.count).toBe(L + 1);
    expect(e.found).toBe(true);
    expect(e.selected.length).toBeGreaterThanOrEqual(1);
    for (const s of e.selected) expect(s).toBeLessThan(L + 1);
    expect(e.density.length).toBe(L + 1);
    await model.dispose();
  });
});

// The bound model is a GradientModel like any other: the adapter conformance suite (shapes,
// batching, vjp linearity, central differences along random directions, errors).
let shared: Awaited<ReturnType<typeof createEmbeddingModel>> | undefined;
describeConformance('EmbeddingModel.bind (ReLU text model)', async () => (shared = await createEmbeddingModel(reluBytes, nodeRuntime)).bind(ids), { describe, it, expect, afterAll });
afterAll(async () => { await shared?.dispose(); });
