/**
 * trainText and input-gradient terms at the embedding output: the RRR term of the loss graph
 * (built with `gradientOf: 'embedded'`) equals lambda * mean_n |mask * d sum_k log p_k / d E|^2
 * computed independently through the embedding adapter's vjp; a seeded run learns a token rule;
 * RRR on a confound token removes the model's reliance on it.
 */
import { createEmbeddingModel, buildTextClassifier, trainText, textAccuracy, type TextDataset } from '@axplain/ort';
import { buildLoss, crossEntropy, encodeModel, rightReasons, tensorValues } from '@axplain/onnx';
import { integratedGradients, Rng, tokenAttributions } from '@axplain/core';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { nodeRuntime } from '../model/node-runtime.js';

const T = 5, D = 3, V = 12;

/**
 * Class 1 iff token 5 occurs (else token 6 does); 2 random filler tokens (7, 8); in `confounded`
 * sets token 10 (class 0) or 11 (class 1) sits at position 0 and gives the label away; in clean
 * sets it is random. Masks mark position 0.
 */
function synthetic(n: number, seed: number, confounded: boolean): TextDataset {
  const rng = new Rng(seed);
  const ids = new Int32Array(n * T), y = new Int32Array(n), masks = new Uint8Array(n * T);
  for (let i = 0; i < n; i++) {
    const c = rng.next() < 0.5 ? 1 : 0;
    y[i] = c;
    const leak = confounded ? c : rng.next() < 0.5 ? 1 : 0;
    const row = [10 + leak, c ? 5 : 6, 7 + (rng.next() < 0.5 ? 1 : 0), 7 + (rng.next() < 0.5 ? 1 : 0)];
    if (rng.next() < 0.5) row.push(0);
    else row.push(2 + Math.floor(rng.next() * 3));
    ids.set(row, i * T);
    masks[i * T] = 1;
  }
  return { ids, y, n, seqLength: T, classes: 2, masks };
}

describe('buildLoss with gradientOf (text models)', () => {
  it('the RRR term equals lambda * mean |mask * dE sum_k log p_k|^2 from the adapter vjp', async () => {
    const model = buildTextClassifier({ vocab: V, dim: D, seqLength: T, classes: 2, hidden: [4], seed: 1 });
    const ds = synthetic(3, 2, true);
    const lg = buildLoss(model, { input: 'ids', output: 'logits', terms: [crossEntropy(), rightReasons(7)], gradientOf: 'embedded' });
    expect(lg.mask).toBeDefined();
    const s = await ort.InferenceSession.create(encodeModel(lg.model));
    const mask = new Float32Array(3 * T * D);
    for (let i = 0; i < 3; i++) for (let p = 0; p < T; p++) if (ds.masks![i * T + p]) mask.fill(1, (i * T + p) * D, (i * T + p + 1) * D);
    const feeds: Record<string, ort.Tensor> = {
      ids: new ort.Tensor('int64', BigInt64Array.from(ds.ids, BigInt), [3, T]),
      [lg.labels]: new ort.Tensor('float32', Float32Array.of(0, 1, 1, 0, 0, 1), [3, 2]),
      [lg.mask!]: new ort.Tensor('float32', mask, [3, T, D]),
    };
    for (const p of lg.params) feeds[p.name] = new ort.Tensor('float32', p.values, [...p.shape]);
    const out = await s.run(feeds);
    await s.release();
    const rrr = (out[lg.terms.find((t) => t.name === 'rrr')!.output]!.data as Float32Array)[0]!;
    const em = await createEmbeddingModel(encodeModel(model), nodeRuntime);
    let want = 0;
    for (let i = 0; i < 3; i++) {
      const ids = ds.ids.subarray(i * T, (i + 1) * T);
      const gm = em.bind(ids);
      const x = em.embed(ids);
      const z = (await gm.logits(x)).data;
      const m = Math.max(z[0]!, z[1]!), e0 = Math.exp(z[0]! - m), e1 = Math.exp(z[1]! - m);
      const p = [e0 / (e0 + e1), e1 / (e0 + e1)];
      const { grad } = await gm.vjp(x, { data: Float32Array.of(1 - 2 * p[0]!, 1 - 2 * p[1]!), shape: [1, 2] }); // d sum_k log p_k / dz = 1 - C p
      for (let j = 0; j < T * D; j++) want += (mask[i * T * D + j]! * grad.data[j]!) ** 2;
    }
    want = (7 * want) / 3;
    expect(want).toBeGreaterThan(1e-6);
    expect(rrr).toBeCloseTo(want, 6);
    await em.dispose();
  });
  it('names a missing gradientOf tensor', () => {
    const model = buildTextClassifier({ vocab: V, dim: D, seqLength: T, classes: 2 });
    expect(() => buildLoss(model, { input: 'ids', gradientOf: 'nope', terms: [rightReasons(1)] })).toThrow(/gradientOf: no tensor named 'nope'/);
  });
});

describe('trainText', () => {
  const train = synthetic(200, 0, true), clean = synthetic(200, 1, false);
  const common = { runtime: nodeRuntime, train, test: clean, epochs: 15, batchSize: 16, lr: 0.02, seed: 0 };
  /** |IG of token 0| over the clean set relative to the sum over all tokens (zero baseline). */
  async function confoundShare(bytes: Uint8Array): Promise<number> {
    const em = await createEmbeddingModel(bytes, nodeRuntime);
    let at0 = 0, all = 0;
    for (let i = 0; i < 40; i++) {
      const ids = clean.ids.subarray(i * T, (i + 1) * T);
      const s = tokenAttributions((await integratedGradients(em.bind(ids), em.embed(ids), { target: clean.y[i]!, steps: 16 })).attribution).data;
      at0 += Math.abs(s[0]!);
      for (let p = 0; p < T; p++) all += Math.abs(s[p]!);
    }
    await em.dispose();
    return at0 / all;
  }
  it('plain CE leans on the confound token; RRR on its masks does not and generalises to the clean set', async () => {
    const model = buildTextClassifier({ vocab: V, dim: D, seqLength: T, classes: 2, hidden: [8], seed: 0 });
    const plain = await trainText({ ...common, model });
    const rrr = await trainText({ ...common, model, terms: [crossEntropy(), rightReasons(10)] });
    expect(plain.accuracy.train).toBe(1);
    expect(rrr.accuracy.train).toBeGreaterThan(0.95);
    expect(rrr.accuracy.test!).toBeGreaterThan(0.95);
    const sPlain = await confoundShare(plain.bytes), sRrr = await confoundShare(rrr.bytes);
    expect(sPlain).toBeGreaterThan(0.1);
    expect(sRrr).toBeLessThan(sPlain / 5);
    expect(await textAccuracy(nodeRuntime, rrr.bytes, clean)).toBe(rrr.accuracy.test);
    // the embedding table was trained (through the Gather)
    const before = tensorValues(model.graph!.initializer!.find((t) => t.name === 'embedding.weight')!);
    expect(Array.from(rrr.params['embedding.weight']!).some((v, k) => Math.abs(v - before[k]!) > 1e-3)).toBe(true);
    console.log(`synthetic confound: plain test ${plain.accuracy.test}, token-0 share ${sPlain.toFixed(3)}; RRR test ${rrr.accuracy.test}, share ${sRrr.toFixed(4)}`);
  }, 60_000);
  it('rejects a masked term without masks and a dataset of another length', async () => {
    const model = buildTextClassifier({ vocab: V, dim: D, seqLength: T, classes: 2 });
    const { masks: _m, ...noMasks } = train;
    await expect(trainText({ runtime: nodeRuntime, model, train: noMasks, terms: [crossEntropy(), rightReasons(1)] })).rejects.toThrow(/no token masks/);
    const other = buildTextClassifier({ vocab: V, dim: D, seqLength: T + 1, classes: 2 });
    await expect(trainText({ runtime: nodeRuntime, model: other, train })).rejects.toThrow(/6 tokens|has 5 tokens/);
  });
});

describe('loadTextModel', () => {
  it('reads vocab.json and card.json beside the model and checks them against it', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { WordTokenizer } = await import('@axplain/core');
    const { loadTextModel } = await import('./node-text.js');
    const dir = mkdtempSync(join(tmpdir(), 'axplain-textmodel-'));
    const path = join(dir, 'model.onnx');
    writeFileSync(path, encodeModel(buildTextClassifier({ vocab: V, dim: D, seqLength: T, classes: 2 })));
    await expect(loadTextModel(path)).rejects.toThrow(/vocab.json: no such file/);
    const words = ['free', 'money', 'hi', 'bob', 'now', 'meet', 'at', 'noon', 'x', 'y', 'z'];
    writeFileSync(join(dir, 'vocab.json'), JSON.stringify(WordTokenizer.fit([words.join(' ')]).toJSON()));
    await expect(loadTextModel(path)).rejects.toThrow(/has 13 tokens but the model's embedding table has 12 rows/);
    writeFileSync(join(dir, 'vocab.json'), JSON.stringify(WordTokenizer.fit([words.slice(0, 8).join(' ')]).toJSON()));
    writeFileSync(join(dir, 'card.json'), JSON.stringify({ labels: ['ham', 'spam'], text: { tokenizer: 'word', vocab: 'vocab.json', encoding: { kind: 'email', headerTokens: 2, contentTokens: 2 } } }));
    await expect(loadTextModel(path)).rejects.toThrow(/email encoding of 2 \+ 2 tokens, but the model reads 5/);
    writeFileSync(join(dir, 'card.json'), JSON.stringify({ labels: ['ham', 'spam'], text: { tokenizer: 'word', vocab: 'vocab.json', encoding: { kind: 'plain' } } }));
    const tm = await loadTextModel(path);
    expect(tm.labels).toEqual(['ham', 'spam']);
    const e = tm.encode('Free money now, Bob!');
    expect(e.tokens).toEqual(['free', 'money', 'now', ',', 'bob']);
    expect(e.truncated).toBe(true);
    expect(Array.from(e.ids)).toEqual(['free', 'money', 'now', ',', 'bob'].map((t) => (tm.tokenizer as import('@axplain/core').WordTokenizer).id(t)));
    await tm.dispose();
  });
});

describe('explainText', () => {
  it('every method gives one attribution per token; on a linear model KernelSHAP and IG agree exactly (e_t . W[:, c] / L)', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { WordTokenizer } = await import('@axplain/core');
    const { loadTextModel } = await import('./node-text.js');
    const { explainText, TEXT_METHODS } = await import('./explain-text.js');
    const dir = mkdtempSync(join(tmpdir(), 'axplain-explaintext-'));
    const path = join(dir, 'model.onnx');
    writeFileSync(path, encodeModel(buildTextClassifier({ vocab: V, dim: D, seqLength: T, classes: 2, seed: 9 })));
    writeFileSync(join(dir, 'vocab.json'), JSON.stringify(WordTokenizer.fit(['free money now hi bob']).toJSON()));
    const tm = await loadTextModel(path, { labels: ['ham', 'spam'] });
    const text = 'free money, bob';
    const ig = await explainText(tm, text, { target: 1, steps: 8 });
    expect(ig.tokens.map((t) => t.token)).toEqual(['free', 'money', ',', 'bob']);
    expect(Math.abs(ig.delta!)).toBeLessThan(1e-5);
    const shap = await explainText(tm, text, { method: 'kernelshap', target: 1 });
    shap.tokens.forEach((t, i) => expect(t.attribution).toBeCloseTo(ig.tokens[i]!.attribution, 5));
    expect(ig.tokens.some((t) => Math.abs(t.attribution) > 1e-3)).toBe(true);
    for (const method of TEXT_METHODS) {
      const r = await explainText(tm, text, { method, target: 1, steps: 8, eps: 5, topK: 2 });
      expect(r.tokens.length).toBe(4);
      expect(r.tokens.every((t) => Number.isFinite(t.attribution))).toBe(true);
      expect(r.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(['ham', 'spam']).toContain(r.predicted);
      if (method === 'axai') expect(r.tokens.every((t) => t.attribution >= 0 && t.attribution <= 1)).toBe(true);
    }
    await expect(explainText(tm, '   ')).rejects.toThrow(/no tokens/);
    await expect(explainText(tm, text, { target: 2 })).rejects.toThrow(/class 2 is not a class/);
    await expect(explainText(tm, text, { method: 'fw' as never })).rejects.toThrow(/not a text method/);
    await tm.dispose();
  });
});
