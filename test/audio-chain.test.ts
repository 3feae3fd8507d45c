/**
 * A three-model audio chain (waveform -> log-mel -> embedding -> wake-word head), each part
 * compiled on its own: the chained gradient on raw samples against central differences through
 * the three original models composed (onnxruntime forward only), and against the gradient of the
 * same stages fused into one graph.
 */
import { chain, ChainError, Rng } from '@axplain/core';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadChain, loadModel } from '@axplain/node';
import { decodeModel, encodeModel } from '@axplain/onnx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIO, audioChain, audioClip, FRAMES } from './support/audio-chain.js';
import { relMaxDiff, runModel } from './support/run-model.js';

const models = audioChain();
const T = AUDIO.samples;
let chained: Awaited<ReturnType<typeof chain>>;

beforeAll(async () => {
  const parts = [
    await loadModel(models.frontEnd, { outputKind: 'tensor' }),
    await loadModel(models.embedding, { outputKind: 'tensor' }),
    await loadModel(models.head),
  ];
  chained = chain(parts, { names: ['frontend.onnx', 'embedding.onnx', 'head.onnx'] });
}, 60_000);
afterAll(async () => chained?.dispose());

// f(x) = ct . head(embedding(frontEnd(x))) in float64 from onnxruntime runs of the original models.
async function composed(x: Float64Array, ct: readonly number[]): Promise<number> {
  const mel = (await runModel(models.frontEnd, { input: { data: Float32Array.from(x), dims: [1, 1, T] } }, 'cpu')).log_mel!;
  const emb = (await runModel(models.embedding, { input: { data: mel, dims: [1, 1, AUDIO.mels, FRAMES] } }, 'cpu')).embedding!;
  const z = (await runModel(models.head, { input: { data: emb, dims: [1, AUDIO.embed] } }, 'cpu')).logits!;
  return ct.reduce((s, c, i) => s + c * z[i]!, 0);
}

describe('chained audio models', () => {
  it('shapes flow from part to part', () => {
    const [fe, emb, head] = chained.parts;
    expect([fe!.inputShape, fe!.outputShape, emb!.inputShape, emb!.outputShape, head!.classes]).toEqual([[1, T], [1, AUDIO.mels, FRAMES], [1, AUDIO.mels, FRAMES], [AUDIO.embed], 2]);
    expect([chained.inputShape, chained.classes]).toEqual([[1, T], 2]);
  });

  it('the gradient on raw samples matches central differences through the original models, along it and in 3 random directions', async () => {
    const x = Float64Array.from(audioClip(0));
    const ct = [1, -1];
    const { logits, grad } = await chained.vjp({ data: Float32Array.from(x), shape: [1, 1, T] }, { data: Float32Array.from(ct), shape: [1, 2] });
    expect(Math.abs(logits.data[0]! - logits.data[1]! - (await composed(x, ct)))).toBeLessThan(1e-4);
    const g = Float64Array.from(grad.data);
    const norm = Math.hypot(...g);
    expect(norm).toBeGreaterThan(1e-3);
    const r = new Rng(7);
    const unit = (d: Float64Array) => { const s = Math.hypot(...d); return d.map((v) => v / s); };
    const dirs = [g.map((v) => v / norm), ...[0, 1, 2].map(() => unit(Float64Array.from(r.fillNormal(T))))];
    const h = 1e-2;
    const report: string[] = [];
    for (const d of dirs) {
      const fd = ((await composed(x.map((v, i) => v + h * d[i]!), ct)) - (await composed(x.map((v, i) => v - h * d[i]!), ct))) / (2 * h);
      const an = g.reduce((s, v, i) => s + v * d[i]!, 0);
      report.push(`fd ${fd.toExponential(4)} analytic ${an.toExponential(4)}`);
      expect(Math.abs(fd - an), report.join('; ')).toBeLessThan(2e-3 * Math.max(norm, Math.abs(fd)));
    }
    console.log(`audio chain: |grad| ${norm.toExponential(3)}; ${report.join('; ')}`);
  });

  it('equals the gradient of the same three stages fused into one graph (batch of 2)', async () => {
    const fused = await loadModel(models.fused);
    try {
      const x = { data: Float32Array.from([...audioClip(1), ...audioClip(2)]), shape: [2, 1, T] };
      const ct = { data: Float32Array.from([1, 0, 0.3, -0.7]), shape: [2, 2] };
      const a = await chained.vjp(x, ct);
      const b = await fused.vjp(x, ct);
      const diff = relMaxDiff(b.grad.data, a.grad.data);
      console.log(`audio chain vs fused: max relative gradient difference ${diff.toExponential(2)}, logits ${relMaxDiff(b.logits.data, a.logits.data).toExponential(2)}`);
      expect(diff).toBeLessThan(1e-4);
      expect(relMaxDiff(b.logits.data, a.logits.data)).toBeLessThan(1e-5);
      expect(Math.max(...Array.from(a.grad.data, Math.abs))).toBeGreaterThan(1e-4);
    } finally {
      await fused.dispose();
    }
  });

  it('a chain of parts whose shapes do not meet is one clear error naming both parts and shapes', async () => {
    const fe = await loadModel(models.frontEnd, { outputKind: 'tensor' });
    const head = await loadModel(models.head);
    try {
      const build = () => chain([fe, head], { names: ['frontend.onnx', 'head.onnx'] });
      expect(build).toThrow(ChainError);
      expect(build).toThrow(`frontend.onnx outputs [1, ${AUDIO.mels}, ${FRAMES}] per sample but head.onnx takes [${AUDIO.embed}] per sample`);
    } finally {
      await fe.dispose();
      await head.dispose();
    }
  });

  it('without outputKind tensor an intermediate part reads as a map output (its values flattened); a bad outputKind is refused', async () => {
    const m = await loadModel(models.frontEnd);
    try {
      expect([m.classes, m.outputShape]).toEqual([AUDIO.mels * FRAMES, [1, AUDIO.mels, FRAMES]]);
    } finally {
      await m.dispose();
    }
    await expect(loadModel(models.frontEnd, { outputKind: 'spectrogram' as never })).rejects.toThrow("outputKind: expected 'logits' or 'tensor'");
  });

  it('loadChain: a later part with symbolic per-sample dims takes the shape the part before it outputs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'axplain-chain-'));
    const emb = decodeModel(models.embedding);
    emb.graph!.input![0]!.type!.tensorType!.shape!.dim![3] = { dimParam: 'frames' };
    const paths = ['fe', 'emb', 'head'].map((n) => join(dir, `${n}.onnx`));
    [models.frontEnd, encodeModel(emb), models.head].forEach((b, i) => writeFileSync(paths[i]!, b));
    // Alone, the part takes its shape from its first input (model-io); in a chain, from the part before it.
    const alone = await loadModel(paths[1]!, { outputKind: 'tensor' });
    expect(alone.shapeFromFirstInput).toBe(true);
    await alone.dispose();
    const m = await loadChain(paths);
    try {
      expect(m.parts[1]!.inputShape).toEqual([1, AUDIO.mels, FRAMES]);
      const x = { data: audioClip(3), shape: [1, 1, T] };
      const ct = { data: Float32Array.from([0.5, -2]), shape: [1, 2] };
      expect(Array.from((await m.vjp(x, ct)).grad.data)).toEqual(Array.from((await chained.vjp(x, ct)).grad.data));
      expect([m.executionProvider, m.nodes.forward > 0, m.cache.status]).toEqual(['cpu', true, 'off']);
    } finally {
      await m.dispose();
    }
  });
});
