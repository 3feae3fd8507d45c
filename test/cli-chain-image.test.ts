/**
 * `--model a.onnx,b.onnx` on the image commands (in-process): a chain whose first part is an
 * identity-like front (x * 1, its own ONNX file) in front of the bundled MNIST MLP gives the same
 * attribution and the same attack as the MLP alone — the chain's wiring, through the CLI.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeModel, ModelBuilder } from '@axplain/onnx';
import { describe, expect, it } from 'vitest';
import { cliInProcess } from './support/cli-in-process.js';

const ROOT = new URL('..', import.meta.url).pathname;
const MLP = join(ROOT, 'models/mnist-mlp/model.onnx');
const D3 = join(ROOT, 'models/samples/mnist/digit-3.png');
const tmp = mkdtempSync(join(tmpdir(), 'axplain-chain-image-'));
const FRONT = join(tmp, 'front.onnx');
const b = new ModelBuilder({ opset: 13 });
b.output(b.node('Mul', [b.input('input', ['N', 1, 28, 28]), b.initializer('one', [], [1])]));
writeFileSync(FRONT, encodeModel(b.build()));

const data = (p: string, key: string) => (JSON.parse(readFileSync(p, 'utf8')) as Record<string, { data: number[] }>)[key]!.data;

describe('--model a,b on image commands', () => {
  it('explain (gradxinput) and attack (fgsm) through front.onnx,mnist-mlp equal the MLP alone', async () => {
    const run = async (model: string, tag: string) => {
      const e = await cliInProcess('explain', '--model', model, '--input', D3, '--preprocess', 'unit', '--method', 'gradxinput', '--out', join(tmp, `${tag}.png`), '--json', join(tmp, `${tag}.json`));
      expect(e.code, e.err).toBe(0);
      const a = await cliInProcess('attack', '--model', model, '--input', D3, '--preprocess', 'unit', '--attack', 'fgsm', '--eps', '0.1', '--out', join(tmp, `${tag}-adv.png`), '--json', join(tmp, `${tag}-adv.json`));
      expect(a.code, a.err).toBe(0);
      return { attribution: data(join(tmp, `${tag}.json`), 'attribution'), adversarial: data(join(tmp, `${tag}-adv.json`), 'adversarial') };
    };
    const alone = await run(MLP, 'alone');
    const chained = await run(`${FRONT},${MLP}`, 'chained');
    expect(alone.attribution.some((v) => v !== 0)).toBe(true);
    expect(chained.attribution).toEqual(alone.attribution);
    expect(chained.adversarial).toEqual(alone.adversarial);
  });

  it('inspect takes one model and says so', () => {
    const r = spawnSync(process.execPath, ['--conditions', 'source', '--import', 'tsx', 'packages/node/src/cli/main.ts', 'inspect', '--model', `${FRONT},${MLP}`], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`--model: inspect reads one model; inspect each part of '${FRONT},${MLP}' on its own`);
  });
});
