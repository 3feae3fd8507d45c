/** End-to-end tests of the `axplain` CLI, run as a user would (a child process). */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeModel, encodeModel, ModelBuilder } from '@axplain/onnx';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedDir } from './support/shared.js';

const zoo = sharedDir('axplain compile on the MNIST zoo model', 'models/mnist-zoo');

const ROOT = new URL('..', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'axplain-cli-'));

function axplain(...args: string[]) {
  const r = spawnSync(process.execPath, ['--conditions', 'source', '--import', 'tsx', 'packages/node/src/cli/main.ts', ...args], {
    cwd: ROOT, encoding: 'utf8', timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('axplain compile', () => {
  zoo.it('compiles the MNIST zoo model, reports node counts, and --check passes', () => {
    const out = join(tmp, 'mnist-grad.onnx');
    const r = axplain('compile', zoo.file('mnist-8-opt.onnx'), '-o', out, '--check');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/nodes: 8 forward \+ \d+ gradient/);
    expect(r.out).toContain("'Input3_grad'");
    expect(r.out).toMatch(/max relative error/);
    const m = decodeModel(readFileSync(out));
    expect(m.graph!.output!.map((o) => o.name)).toEqual(['Plus214_Output_0', 'Input3_grad']);
    expect(m.graph!.input!.some((i) => i.name === 'Plus214_Output_0_cotangent')).toBe(true);
  });

  it('--portable: MaxPool gradients without MaxPool\'s Indices output (which the WebGPU EP rejects); both pass --check', () => {
    const b = new ModelBuilder({ opset: 13 });
    const pooled = b.node('MaxPool', [b.node('Relu', [b.input('x', [1, 2, 9, 9])])], { kernel_shape: [3, 3], strides: [2, 2] });
    b.output(b.node('Flatten', [pooled]));
    const path = join(tmp, 'pool.onnx');
    writeFileSync(path, encodeModel(b.build()));
    const gradOps = (file: string) => decodeModel(readFileSync(file)).graph!.node!.filter((n) => n.name!.startsWith('axplain_grad')).map((n) => n.opType!);
    for (const [flags, scatter] of [[[], true], [['--portable'], false]] as const) {
      const out = join(tmp, `pool-grad${flags.length}.onnx`);
      const r = axplain('compile', path, '-o', out, ...flags, '--check');
      expect(r.code, r.err).toBe(0);
      expect(r.out).toMatch(/max relative error/);
      const ops = gradOps(out);
      expect(ops.includes('ScatterElements'), ops.join(',')).toBe(scatter);
      expect(ops.includes('MaxPool'), ops.join(',')).toBe(scatter);
    }
  });

  it('names a missing file', () => {
    const r = axplain('compile', join(tmp, 'nope.onnx'), '-o', join(tmp, 'x.onnx'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/model file '.*nope\.onnx' does not exist/);
  });

  it('rejects a file that is not an ONNX model', () => {
    const bad = join(tmp, 'bad.onnx');
    writeFileSync(bad, 'this is not protobuf at all \u00ff\u00fe');
    const r = axplain('compile', bad, '-o', join(tmp, 'x.onnx'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/not a valid ONNX ModelProto|has no graph/);
  });

  it('names the op, node and position when an op has no gradient rule, and writes nothing', () => {
    const b = new ModelBuilder({ opset: 13 });
    b.output(b.node('Relu', [b.node('Relu', [b.input('x', [1, 4])])]));
    const m = b.build();
    m.graph!.node![1]!.opType = 'Hardmax';
    const path = join(tmp, 'hardmax.onnx');
    writeFileSync(path, encodeModel(m));
    const out = join(tmp, 'hardmax-grad.onnx');
    const r = axplain('compile', path, '-o', out);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/node #1 'Relu_1' \(Hardmax, opset 13\): op type 'Hardmax' has no gradient rule\. Supported ops: .*Conv/);
    expect(existsSync(out)).toBe(false);
  });

  it('names an unknown --wrt tensor', () => {
    const r = axplain('compile', join(ROOT, 'models/mnist-mlp/model.onnx'), '-o', join(tmp, 'y.onnx'), '--wrt', 'nope');
    expect(r.code).toBe(1);
    expect(r.err).toContain("option 'wrt': no tensor named 'nope' in the model");
  });

  it('lists the supported ops', () => {
    const r = axplain('ops');
    expect(r.code).toBe(0);
    expect(r.out.split('\n')).toContain('MaxPool');
  });
});
