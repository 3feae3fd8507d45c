/**
 * The three CNN families the benchmark builds (bench/families/build.py: DenseNet-121,
 * BN-Inception, ShuffleNet v1 with seeded random weights, opset 9 with BatchNormalization nodes,
 * exported by torch at test time into a temporary folder): each compiles at opset 16 (MaxPool's
 * scatter-add), keeps its forward outputs, and its input gradient matches central finite
 * differences of the original model, along the gradient and in a random direction.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeModel, upgradeOpset } from '@axplain/onnx';
import { gradCheck } from '@axplain/node';
import { afterAll, beforeAll, expect } from 'vitest';
import { requirement } from './support/requirement.js';

const PYTHON = process.env.AXPLAIN_PYTHON ?? '/usr/bin/python3';
const SCRIPT = new URL('../bench/families/build.py', import.meta.url).pathname;
const probe = spawnSync(PYTHON, ['-c', 'import torch, onnx'], { encoding: 'utf8' });
const torch = requirement('CNN family gradient checks', probe.status === 0 ? undefined : `${PYTHON} with torch and onnx is not available (${(probe.error?.message ?? probe.stderr ?? '').trim().split('\n').pop()}); install python3-torch python3-onnx`);

let dir = '';
torch.describe('DenseNet-121, BN-Inception and ShuffleNet v1 (bench/families/build.py)', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'axplain-families-'));
    const r = spawnSync(PYTHON, [SCRIPT, dir], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${SCRIPT} failed: ${r.stderr}`);
  }, 180_000);
  afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  for (const name of ['densenet121', 'bn_inception', 'shufflenet_v1'])
    torch.it(`${name}: opset 16, forward unchanged, gradient matches finite differences`, async () => {
      const model = decodeModel(readFileSync(join(dir, `${name}.onnx`)));
      const up = upgradeOpset(model);
      expect('model' in up ? 16 : up.reason).toBe(16);
      const ops = new Set(model.graph!.node!.map((n) => n.opType));
      expect(ops.has('BatchNormalization') && ops.has('MaxPool')).toBe(true);
      const r = await gradCheck(model, { seed: 4, directions: 2, inputRange: [0, 1], direction: 'gradient' });
      expect(r.compiled.opsetImport!.find((o) => !o.domain)!.version).toBe(16);
      expect(r.forwardMaxAbsDiff).toBeLessThan(1e-5);
      expect(r.perWrt[0]!.gradNorm).toBeGreaterThan(0);
      expect(r.maxRelError).toBeLessThan(2e-2);
    }, 120_000);
});
