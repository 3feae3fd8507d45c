/**
 * The Iris fixture models (models/iris-confounded, models/iris-rrr; built by `pnpm models:iris`):
 * their cards re-measured from the committed files (train and test accuracy, the share of |IG| on
 * the confounded column), the README's claims, and `axplain explain --features` end to end.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { argmax } from '@axplain/core';
import { loadIris, loadModel } from '@axplain/node';
import { describe, expect, it } from 'vitest';
import { explainInProcess } from './support/cli-in-process.js';
import { featureShare } from '../models/scripts/iris-metrics.js';

const ROOT = new URL('..', import.meta.url).pathname;
const dir = (name: string) => join(ROOT, 'models', name);
const card = (name: string) => JSON.parse(readFileSync(join(dir(name), 'card.json'), 'utf8'));
const split = loadIris({ seed: 0, testFraction: 0.2, confounded: true });

describe('iris fixture models', () => {
  for (const name of ['iris-confounded', 'iris-rrr']) {
    it(`${name}: the card's accuracies and leak share re-measure from the committed model`, async () => {
      const c = card(name);
      expect(c.tabular.features).toEqual(split.features);
      expect(c.data.split).toContain(`${split.train.n} train / ${split.test.n} test`);
      const bytes = new Uint8Array(readFileSync(join(dir(name), 'model.onnx')));
      const model = await loadModel(bytes);
      expect(model.inputShape).toEqual([5]);
      const accuracy = async (ds: typeof split.train) => {
        const z = (await model.logits({ data: ds.x, shape: [ds.n, 5] })).data;
        let ok = 0;
        for (let i = 0; i < ds.n; i++) if (argmax(z, i * 3, i * 3 + 3) === ds.y[i]) ok++;
        return ok / ds.n;
      };
      expect(await accuracy(split.train)).toBeCloseTo(c.accuracy.train, 6);
      expect(await accuracy(split.test)).toBeCloseTo(c.accuracy.test, 6);
      await model.dispose();
      expect(await featureShare(bytes, split, c.tabular.baseline.values, 4)).toBeCloseTo(c.leakShare.mean, 4);
    });
  }
  it('the confound: the plain model reads the leak and fails on the test rows, RRR ignores it', () => {
    const plain = card('iris-confounded'), rrr = card('iris-rrr');
    expect(plain.accuracy.train).toBe(1);
    expect(rrr.accuracy.test).toBeGreaterThan(plain.accuracy.test + 0.15);
    expect(plain.leakShare.mean).toBeGreaterThan(5 * rrr.leakShare.mean);
  });
});

describe('axplain explain --features', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'axplain-features-'));
  const axplain = (...args: string[]) => {
    const r = spawnSync(process.execPath, ['--conditions', 'source', '--import', 'tsx', 'packages/node/src/cli/main.ts', 'explain', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  it('JSON row in, per-feature JSON out with IG from the training means (completeness), a bar chart PNG', () => {
    const png = join(tmp, 'bars.png');
    const row = '{"sepal_length": 5.9, "sepal_width": 3.0, "petal_length": 5.1, "petal_width": 1.8, "leak": 0}';
    const r = axplain('--model', join(dir('iris-rrr'), 'model.onnx'), '--features', row, '--json', '-', '--out', png, '--steps', '256');
    expect(r.err).toBe('');
    const j = JSON.parse(r.out);
    expect(j.predicted).toBe('virginica');
    expect(j.features.map((f: { feature: string }) => f.feature)).toEqual(split.features);
    expect(j.features[2].value).toBe(5.1);
    expect(Math.abs(j.delta)).toBeLessThan(0.02);
    expect(Math.abs(j.features[4].attribution)).toBeLessThan(0.1 * Math.abs(j.features[3].attribution));
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
  }, 60_000);
  it('a CSV file with a header works the same; bad rows and flags name the problem', async () => {
    const csv = join(tmp, 'row.csv');
    writeFileSync(csv, 'leak,sepal_length,sepal_width,petal_length,petal_width\n0,5.9,3.0,5.1,1.8\n');
    const r = await explainInProcess('--model', join(dir('iris-confounded'), 'model.onnx'), '--features', csv, '--method', 'kernelshap');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/predicted (setosa|versicolor|virginica) with probability/);
    expect(r.out).toMatch(/ {2}leak +0 +[+-]\d+\.\d{4}/);
    expect((await explainInProcess('--model', join(dir('iris-rrr'), 'model.onnx'), '--features', '1,2,3')).err).toMatch(/3 values given, the model takes 5/);
    expect((await explainInProcess('--model', join(dir('iris-rrr'), 'model.onnx'), '--features', '1,2,3,4,5', '--out', 'x.html')).err).toMatch(/--out: the feature bar chart is a PNG/);
    expect((await explainInProcess('--model', join(dir('iris-rrr'), 'model.onnx'), '--features', '1,2,3,4,5', '--text', 'hi')).err).toMatch(/one kind of input/);
  }, 60_000);
});
