/** `axplain explain` end to end (a child process, as a user runs it). */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadImage } from '@axplain/node';
import { encodeModel, ModelBuilder } from '@axplain/onnx';
import { describe, expect, it } from 'vitest';
import { sharedDir } from './support/shared.js';
import { webgpu } from './support/webgpu.js';

const ROOT = new URL('..', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'axplain-explain-'));
const zoo = sharedDir('axplain explain on the MNIST zoo model', 'models/mnist-zoo');
const MNIST = zoo.file('mnist-8-opt.onnx');
const DIGIT3 = zoo.file('digit-3.jpg');
// Our own fixtures (models/), for the tests that need a model but not that one.
const MLP = join(ROOT, 'models/mnist-mlp/model.onnx');
const D3 = join(ROOT, 'models/samples/mnist/digit-3.png');
const gpu = await webgpu('axplain explain --ep webgpu');

function axplain(...args: string[]) {
  const r = spawnSync(process.execPath, ['--conditions', 'source', '--import', 'tsx', 'packages/node/src/cli/main.ts', 'explain', ...args], {
    cwd: ROOT, encoding: 'utf8', timeout: 300_000, env: process.env,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

interface ExplainJson { predicted: number; target: number; probabilities: number[]; completenessGap?: number[]; inputScore?: number[]; baselineScore?: number[]; attribution: { shape: number[]; data: number[] }; executionProvider: string }
const readJson = (p: string) => JSON.parse(readFileSync(p, 'utf8')) as ExplainJson;

describe('axplain explain', () => {
  zoo.it('IG on the trained MNIST model: predicted class, completeness within 1%, PNG and JSON written', async () => {
    const png = join(tmp, 'ig.png');
    const json = join(tmp, 'ig.json');
    const r = axplain('--model', MNIST, '--input', DIGIT3, '--method', 'ig', '--steps', '64', '--out', png, '--json', json);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/predicted 3 with probability/);
    expect(r.out).toMatch(/time \d+ ms/);
    const j = readJson(json);
    expect(j.predicted).toBe(3);
    expect(j.attribution.shape).toEqual([1, 1, 28, 28]);
    expect(Math.abs(j.completenessGap![0]!)).toBeLessThan(0.01 * Math.abs(j.inputScore![0]! - j.baselineScore![0]!));
    const img = await loadImage(png);
    // input | heatmap with its colour bar (24 px) | overlay
    expect([img.width, img.height]).toEqual([688, 277]);
  });

  for (const method of ['saliency', 'gradxinput', 'smoothgrad'])
    zoo.it(`${method} with an explicit target writes a heatmap`, () => {
      const png = join(tmp, `${method}.png`);
      const json = join(tmp, `${method}.json`);
      const r = axplain('--model', MNIST, '--input', DIGIT3, '--method', method, '--target', '5', '--steps', '8', '--render', 'overlay', '--signed', '--out', png, '--json', json);
      expect(r.code).toBe(0);
      expect(readJson(json).target).toBe(5);
      expect(existsSync(png)).toBe(true);
      expect(readJson(json).attribution.data.some((v) => v !== 0)).toBe(true);
    });

  describe('boundary, adversarial and black-box methods on the bundled MNIST model', () => {
    const run = (method: string, ...more: string[]) => {
      const json = join(tmp, `b-${method}.json`);
      const r = axplain('--model', MLP, '--input', D3, '--method', method, '--out', join(tmp, `b-${method}.png`), '--json', json, ...more);
      expect(r.err).not.toMatch(/axplain: error/);
      expect(r.code).toBe(0);
      return readJson(json) as ExplainJson & Record<string, unknown>;
    };
    it('BIG: boundary found and completeness against f(x) - f(x\') within 1%', () => {
      const j = run('big');
      expect(j.found).toEqual([true]);
      expect(Math.abs(j.completenessGap![0]!)).toBeLessThan(0.01 * Math.abs(j.inputScore![0]! - j.baselineScore![0]!));
    });
    it('AXAI selects at least top-K segments (more only with ties)', () => {
      const j = run('axai', '--top-k', '3');
      const sel = j.selected as number[];
      expect(sel.length >= 3 || (j.ties as number[]).length > 0 || sel.length === (j.segments as number)).toBe(true);
      const dens = j.density as number[];
      const minSel = Math.min(...sel.map((s) => dens[s]!));
      expect(dens.filter((d, i) => !sel.includes(i) && d > minSel)).toEqual([]);
    });
    it('fw reports the counterfactual class, success and L0', () => {
      const j = run('fw', '--eps', '20', '--sparsity', '0.98', '--steps', '40');
      expect(j.counterfactualClass).toHaveLength(1);
      expect((j.l0 as number[])[0]).toBeLessThanOrEqual(40 * Math.max(1, Math.floor(0.02 * 784)));
      expect(typeof (j.success as boolean[])[0]).toBe('boolean');
    });
    for (const m of ['bsm', 'agi', 'lime', 'kernelshap', 'occlusion'])
      it(`${m} writes a non-zero map`, () => { expect(run(m).attribution.data.some((v) => v !== 0)).toBe(true); });
    it('--compare renders one grid of several methods', async () => {
      const png = join(tmp, 'cmp.png');
      const r = axplain('--model', MLP, '--input', D3, '--compare', 'saliency,ig,occlusion', '--out', png);
      expect(r.code).toBe(0);
      const img = await loadImage(png);
      expect(img.width).toBeGreaterThan(3 * 224);
    });
  });

  gpu.it('--ep webgpu gives the CPU numbers', () => {
    const out: ExplainJson[] = [];
    for (const ep of ['cpu', 'webgpu']) {
      const json = join(tmp, `ep-${ep}.json`);
      const r = axplain('--model', MLP, '--input', D3, '--method', 'saliency', '--ep', ep, '--out', join(tmp, `ep-${ep}.png`), '--json', json);
      expect(r.code).toBe(0);
      out.push(readJson(json));
    }
    expect(out[1]!.executionProvider).toBe('webgpu');
    const a = out[0]!.attribution.data;
    const b = out[1]!.attribution.data;
    const scale = Math.max(...a.map(Math.abs));
    expect(Math.max(...a.map((v, i) => Math.abs(v - b[i]!))) / scale).toBeLessThan(1e-3);
  });

  describe('bad input gives one clear line and a non-zero exit', () => {
    const cases: [string, string[], RegExp][] = [
      ['non-image input', ['--input', join(ROOT, 'README.md')], /README\.md.*is not a PNG or JPEG image/],
      ['missing image', ['--input', join(tmp, 'none.png')], /none\.png.*cannot read the image/],
      ['unknown target class', ['--target', '12'], /--target: class 12 is not a class of this model \(it has 10: 0\.\.9\)/],
      ['malformed target', ['--target', 'cat'], /--target: expected a class index/],
      ['unknown method', ['--method', 'lrp'], /--method: unknown method 'lrp'; choose one of saliency, gradxinput, ig, smoothgrad, bsm, big, agi, axai, fw, lime, kernelshap, occlusion/],
      ['unknown EP', ['--ep', 'tpu'], /tpu/],
      ['missing model', ['--model', join(tmp, 'none.onnx')], /model file '.*none\.onnx' does not exist/],
    ];
    for (const [name, args, re] of cases)
      it(name, () => {
        const base: Record<string, string> = { '--model': MLP, '--input': D3, '--out': join(tmp, 'bad.png') };
        for (let i = 0; i < args.length; i += 2) base[args[i]!] = args[i + 1]!;
        const r = axplain(...Object.entries(base).flat());
        expect(r.code).not.toBe(0);
        expect(r.err).toMatch(re);
        expect(r.err.trim().split('\n').filter((l) => l.startsWith('axplain: error')).length).toBe(1);
      });

    it('a preprocessing spec whose channels do not fit the model', () => {
      const spec = join(tmp, 'rgb.json');
      writeFileSync(spec, JSON.stringify({ width: 28, height: 28, channels: 'rgb' }));
      const r = axplain('--model', MLP, '--input', D3, '--preprocess', spec, '--out', join(tmp, 'bad.png'));
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/expected shape \[1, 28, 28\].*\[3, 28, 28\]|\[3, 28, 28\].*\[1, 28, 28\]/);
    });

    it('a model with no float input', () => {
      const b = new ModelBuilder({ opset: 13 });
      const i = b.input('ids', ['N', 4], 7);
      b.output(b.node('Cast', [i], { to: 1 }));
      const path = join(tmp, 'int-input.onnx');
      writeFileSync(path, encodeModel(b.build()));
      const r = axplain('--model', path, '--input', D3, '--out', join(tmp, 'bad.png'));
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/float/i);
    });
  });
});
