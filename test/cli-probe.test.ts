/** `axplain probe` end to end. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadImage, loadModel } from '@axplain/node';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'axplain-probe-'));
const axplain = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['--conditions', 'source', '--import', 'tsx', 'packages/node/src/cli/main.ts', 'probe', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('axplain probe', () => {
  it('probes two classes from grey noise, reports honestly, writes a grid and JSON', async () => {
    const png = join(tmp, 'p.png');
    const json = join(tmp, 'p.json');
    const r = axplain('--model', 'models/mnist-mlp/model.onnx', '--class', '3,5', '--steps', '60', '--eps', '40', '--sparsity', '0.98', '--out', png, '--json', json);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(readFileSync(json, 'utf8')) as { classes: number[]; success: boolean[]; probability: number[]; probes: number[][] };
    expect(j.classes).toEqual([3, 5]);
    // Success is what the returned probe is classified as, never assumed.
    const model = await loadModel(join(ROOT, 'models/mnist-mlp/model.onnx'));
    const z = await model.logits({ data: Float32Array.from(j.probes.flat()), shape: [2, 1, 28, 28] });
    await model.dispose();
    for (let i = 0; i < 2; i++) {
      const row = [...z.data.subarray(i * 10, i * 10 + 10)];
      expect(j.success[i]).toBe(row.indexOf(Math.max(...row)) === j.classes[i]);
    }
    for (const p of j.probes) expect(p.every((v) => v >= 0 && v <= 1)).toBe(true);
    const img = await loadImage(png);
    expect(img.width).toBeGreaterThan(2 * 112);
    expect(r.out).toMatch(/probed 2 classes in 60 steps: \d reached/);
  });
  it('names a class the model does not have', () => {
    const r = axplain('--model', 'models/mnist-mlp/model.onnx', '--class', '12', '--out', join(tmp, 'x.png'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/--class: class 12 is not a class of this model \(it has 10: 0\.\.9\)/);
  });
});
