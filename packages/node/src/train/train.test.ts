import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crossEntropy, decodeModel, rightReasons, tensorValues } from '@axplain/onnx';
import { describe, expect, it } from 'vitest';
import { loadLocalisationCanvas } from '../data/localisation-canvas.js';
import { loadMnist } from '../data/mnist.js';
import { loadModel } from '../model/load-model.js';
import { datasetAccuracy } from '@axplain/core';
import { type EpochReport, type StepReport, train } from './index.js';

const ROOT = new URL('../../../../', import.meta.url).pathname;
// The first 250 digits of each class: 2000 train / 500 test.
const { train: tr, test } = loadMnist({ seed: 0, limitPerClass: 250 });
const tmp = mkdtempSync(join(tmpdir(), 'axplain-train-'));

describe('train', () => {
  it('an MLP on 2000 MNIST digits passes 85% test accuracy in 4 epochs, bit for bit the same on a rerun; checkpoints reload with loadModel', async () => {
    const steps: StepReport[] = [];
    const epochs: EpochReport[] = [];
    const options = { model: { kind: 'mlp', hidden: [128] } as const, train: tr, test, epochs: 4, batchSize: 32, seed: 0 };
    const a = await train({ ...options, onStep: (s) => steps.push(s), onEpoch: (e) => epochs.push(e), checkpoints: { dir: tmp, every: 2 } });
    expect([tr.n, test.n]).toEqual([2000, 500]);
    expect(a.accuracy.test).toBeGreaterThan(0.85); // measured 0.806, 0.848, 0.872, 0.888 after epochs 1-4 (train 0.9565)
    expect(a.accuracy.train).toBeGreaterThan(a.accuracy.test!);
    expect(steps).toHaveLength(4 * 63);
    expect(steps.at(-1)).toMatchObject({ epoch: 3, step: 252, batch: 62, batches: 63 });
    expect(Object.keys(steps[0]!.terms)).toEqual(['ce']);
    expect(steps[0]!.loss).toBeCloseTo(steps[0]!.terms.ce!, 6);
    expect(epochs.map((e) => e.epoch)).toEqual([0, 1, 2, 3]);
    expect(epochs[3]!.loss).toBeLessThan(epochs[0]!.loss / 2);
    expect(epochs.map((e) => e.checkpoint)).toEqual([undefined, join(tmp, 'epoch-2.onnx'), undefined, join(tmp, 'epoch-4.onnx')]);

    const b = await train(options);
    for (const [k, v] of Object.entries(a.params)) expect(Buffer.from(b.params[k]!.buffer).equals(Buffer.from(v.buffer)), k).toBe(true);
    expect(b.bytes).toEqual(a.bytes);

    // The last checkpoint is the returned model; a plain inference file that loadModel reads and that reproduces the accuracy.
    expect(readFileSync(join(tmp, 'epoch-4.onnx')).equals(a.bytes)).toBe(true);
    const reloaded = await loadModel(join(tmp, 'epoch-4.onnx'));
    expect(await datasetAccuracy(reloaded, test)).toBe(a.accuracy.test);
    expect(await datasetAccuracy(reloaded, tr)).toBe(a.accuracy.train);
    await reloaded.dispose();
    const early = await loadModel(join(tmp, 'epoch-2.onnx'));
    expect(await datasetAccuracy(early, test)).toBe(epochs[1]!.testAccuracy);
    await early.dispose();
  });

  it('fine-tunes a user ONNX model: only the named initializers move, from their stored values', async () => {
    const file = join(ROOT, 'models/mnist-mlp/model.onnx');
    const before = decodeModel(readFileSync(file));
    const value = (m: typeof before, name: string) => tensorValues(m.graph!.initializer!.find((t) => t.name === name)!);
    const r = await train({ model: file, train: tr, test, params: ['W2', 'b2'], epochs: 1, lr: 1e-4 });
    expect(value(r.model, 'W1')).toEqual(value(before, 'W1'));
    expect(value(r.model, 'W2')).not.toEqual(value(before, 'W2'));
    expect(Object.keys(r.params)).toEqual(['W2', 'b2']);
    expect([r.input, r.output, r.inputShape, r.classes]).toEqual(['input', 'logits', [1, 28, 28], 10]);
    // A small step from the bundled model keeps it accurate (measured 0.976: these digits overlap its own training split).
    expect(r.accuracy.test).toBeGreaterThan(0.9);
  });

  it('says what does not fit: dataset shape, masks, fixed batch, options', async () => {
    const file = join(ROOT, 'models/mnist-mlp/model.onnx');
    const canvas = loadLocalisationCanvas({ seed: 0, size: 32, limitPerClass: 2 }).train;
    await expect(train({ model: file, train: canvas })).rejects.toThrow(/input 'input' is \[N, 1, 28, 28\] but the dataset's samples are \[1, 32, 32\]/);
    await expect(train({ model: join(tmp, 'none.onnx'), train: tr })).rejects.toThrow(/model file '.*none.onnx' does not exist/);
    await expect(train({ model: { kind: 'mlp' }, train: tr, terms: [crossEntropy(), rightReasons(1)] })).rejects.toThrow(/masked term \(rightReasons\) but the training set has no annotation masks/);
    await expect(train({ model: { kind: 'mlp' }, train: tr, epochs: 0 })).rejects.toThrow(/epochs: must be an integer >= 1, got 0/);
    await expect(train({ model: { kind: 'mlp' }, train: tr, l1: -1 })).rejects.toThrow(/l1: lambda must be a finite number >= 0/);
    await expect(train({ model: { kind: 'mlp' }, train: tr, adversarial: { eps: -1 } })).rejects.toThrow(/adversarial.eps/);
    const stop = new AbortController();
    stop.abort();
    await expect(train({ model: { kind: 'mlp' }, train: tr, signal: stop.signal })).rejects.toThrow(/training aborted/);
    expect(existsSync(join(tmp, 'epoch-1.onnx'))).toBe(false);
  });
});
