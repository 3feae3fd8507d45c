/**
 * `axplain attack` and `axplain robustness` end to end (child processes, as a user runs them) on
 * the trained MNIST model: every attack writes its PNGs and a JSON whose tensors are checked here
 * against the budget, the box and the model's own prediction; bad flags give one clear line.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { argmaxRow, toRgba } from '@axplain/core';
import { encodePng, loadImage, loadMnist, loadModel, type OnnxGradientModel } from '@axplain/node';
import { encodeModel, ModelBuilder } from '@axplain/onnx';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cliInProcess } from './support/cli-in-process.js';
import { sharedDir } from './support/shared.js';

const ROOT = new URL('..', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'axplain-attack-'));
const zoo = sharedDir('axplain attack/robustness on the MNIST zoo model', 'models/mnist-zoo');
const MNIST = zoo.file('mnist-8-opt.onnx');
const DIGIT3 = zoo.file('digit-3.jpg');
const run = promisify(execFile);

async function axplain(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const r = await run(process.execPath, ['--conditions', 'source', '--import', 'tsx', 'packages/node/src/cli/main.ts', ...args], { cwd: ROOT, timeout: 120_000 });
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof x.code === 'number' ? x.code : -1, out: x.stdout ?? '', err: x.stderr ?? '' };
  }
}

interface AttackJson {
  attack: string; norm: string; eps: number | null; target: number | null; targeted: boolean; success: boolean; successWithinEps: boolean | null;
  norms: { l0: number; l1: number; l2: number; linf: number };
  before: { predicted: number }; after: { predicted: number; probabilities: number[] }; png: { success: boolean };
  panel: { amplification: number }; iterations: number; executionProvider: string; timeMs: number;
  clean: { shape: number[]; data: number[] }; adversarial: { shape: number[]; data: number[] };
  morph: { classes: number[]; success: number[] } | null;
}
const readJson = <T>(p: string) => JSON.parse(readFileSync(p, 'utf8')) as T;

/** Norms of adversarial - clean from the tensors in the JSON. */
function measured(j: AttackJson) {
  let l0 = 0, l1 = 0, l2 = 0, linf = 0, lo = Infinity, hi = -Infinity;
  j.adversarial.data.forEach((v, i) => {
    const d = Math.abs(v - j.clean.data[i]!);
    if (d > 1e-12) l0++;
    l1 += d; l2 += d * d; linf = Math.max(linf, d); lo = Math.min(lo, v); hi = Math.max(hi, v);
  });
  return { l0, l1, l2: Math.sqrt(l2), linf, lo, hi };
}

// attack, extra flags, the norm the budget or threshold is in.
const CASES: [string, string[], 'linf' | 'l2' | 'l0'][] = [
  ['fgsm', ['--eps', '0.2'], 'linf'],
  ['pgd', ['--eps', '0.15', '--steps', '20'], 'linf'],
  ['apgd-ce', ['--eps', '0.15', '--steps', '20'], 'linf'],
  ['apgd-dlr', ['--eps', '0.15', '--steps', '20'], 'linf'],
  ['pgd', ['--norm', 'l2', '--eps', '3', '--steps', '40', '--target', '2'], 'l2'],
  ['fw', ['--norm', 'l2', '--eps', '3', '--steps', '10'], 'l2'],
  ['cw', ['--steps', '100', '--eps', '3'], 'l2'],
  ['deepfool', ['--eps', '3'], 'l2'],
  ['fmn', ['--steps', '40', '--eps', '3'], 'l2'],
  ['jsma', ['--target', '8', '--eps', '100'], 'l0'],
];

zoo.describe.concurrent('axplain attack on the trained MNIST model', () => {
  let model: OnnxGradientModel;
  beforeAll(async () => { model = await loadModel(MNIST); });
  afterAll(async () => { await model.dispose(); });

  for (const [attack, flags, norm] of CASES)
    it(`${attack} ${flags.join(' ')}: PNGs and JSON written, inside the budget, success = the model's verdict on the JSON tensor`, async () => {
      const name = `${attack}-${flags.join('').replace(/[^a-z0-9.]/gi, '')}`;
      const out = join(tmp, `${name}.png`), json = join(tmp, `${name}.json`);
      const r = await axplain('attack', '--model', MNIST, '--input', DIGIT3, '--attack', attack, ...flags, '--out', out, '--json', json);
      expect(r.err).not.toMatch(/error/);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/before: predicted 3 with probability/);
      const j = readJson<AttackJson>(json);
      expect(j.before.predicted).toBe(3);
      expect(j.executionProvider).toBe('cpu');
      const m = measured(j);
      // The reported norms are those of the tensor in the JSON, and the point is in the [0, 1] box.
      expect(j.norms.linf).toBeCloseTo(m.linf, 6);
      expect(j.norms.l2).toBeCloseTo(m.l2, 4);
      expect(j.norms.l0).toBe(m.l0);
      expect(m.lo).toBeGreaterThanOrEqual(0);
      expect(m.hi).toBeLessThanOrEqual(1);
      const eps = j.eps!;
      const size = norm === 'linf' ? m.linf : norm === 'l2' ? m.l2 : m.l0;
      if (['fgsm', 'pgd', 'apgd-ce', 'apgd-dlr', 'fw'].includes(attack)) expect(size).toBeLessThanOrEqual(eps * (1 + 1e-6));
      else expect(j.successWithinEps).toBe(j.success && size <= eps * (1 + 1e-6));
      // The model's own prediction on the written tensor decides success.
      const after = argmaxRow(await model.logits({ data: Float32Array.from(j.adversarial.data), shape: j.adversarial.shape }), 0);
      expect(j.after.predicted).toBe(after);
      expect(j.success).toBe(j.targeted ? after === j.target : after !== 3);
      // Every one of these budgets fools this undefended model.
      expect(j.success).toBe(true);
      if (j.success) expect(j.panel.amplification).toBeCloseTo(1 / m.linf, 3);
      const adv = await loadImage(out);
      expect([adv.width, adv.height]).toEqual([28, 28]);
      const panel = await loadImage(out.replace(/\.png$/, '-panel.png'));
      expect([panel.width, panel.height]).toEqual([688, 253]);
    });

  it('--morph writes the class-morph grid; --diff puts the panel where asked', async () => {
    const json = join(tmp, 'morph.json'), grid = join(tmp, 'morph.png'), diff = join(tmp, 'sub', 'diff.png');
    const r = await axplain('attack', '--model', MNIST, '--input', DIGIT3, '--attack', 'fgsm', '--eps', '0.1', '--out', join(tmp, 'm.png'),
      '--diff', diff, '--morph', grid, '--morph-eps', '0.3', '--morph-steps', '10', '--json', json);
    expect(r.code).toBe(0);
    const j = readJson<AttackJson>(json);
    expect(j.morph!.classes).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // Linf 0.3 with 10 steps of 0.06 reaches every digit class on this model.
    expect(j.morph!.success).toEqual(new Array(10).fill(1));
    const g = await loadImage(grid);
    // 11 cells of 112 px (28 x 4) with 4 px gaps, one title band of 7 x 2 px.
    expect([g.width, g.height]).toEqual([4 + 11 * 116, 4 + 14 + 112 + 4]);
    expect((await loadImage(diff)).width).toBe(688);
  });

  it('a bad flag from the real command line: exit code 1, one line, no stack', async () => {
    const r = await axplain('attack', '--model', MNIST, '--input', DIGIT3, '--out', join(tmp, 'bad.png'), '--attack', 'boundary');
    expect(r.code).toBe(1);
    expect(r.err).toBe("axplain: error: --attack: unknown attack 'boundary'; choose one of fgsm, pgd, apgd-ce, apgd-dlr, cw, deepfool, jsma, fw, fmn\n");
  });

  it("core's refusals pass through as one line: APGD-DLR on a 2-class model", async () => {
    const b = new ModelBuilder({ opset: 13 });
    const x = b.input('x', ['N', 1, 28, 28]);
    const w = b.initializer('w', [784, 2], Array.from({ length: 1568 }, (_, i) => ((i * 7919) % 13) / 13 - 0.5));
    b.output(b.node('Gemm', [b.node('Flatten', [x], { axis: 1 }), w]));
    const path = join(tmp, 'two-class.onnx');
    writeFileSync(path, encodeModel(b.build()));
    const r = await axplain('attack', '--model', path, '--input', DIGIT3, '--attack', 'apgd-dlr', '--eps', '0.1', '--preprocess', 'unit', '--out', join(tmp, 'bad.png'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^axplain: error: dlr: the DLR loss needs at least 3 classes, the model has 2; use cross-entropy or margin\n$/);
  });
});

zoo.describe('bad flags give one clear line and a non-zero exit', () => {
  const cases: [string, string[], RegExp][] = [
    ['unknown attack', ['--attack', 'boundary', '--eps', '0.1'], /--attack: unknown attack 'boundary'; choose one of fgsm, pgd, apgd-ce, apgd-dlr, cw, deepfool, jsma, fw, fmn/],
    ['a norm the attack lacks', ['--attack', 'cw', '--norm', 'linf'], /--norm: cw does not run in linf; cw takes l2/],
    ['an unknown norm', ['--attack', 'pgd', '--eps', '0.1', '--norm', 'l7'], /--norm: unknown norm 'l7'; pgd takes linf, l2 or l1/],
    ['jsma without --target', ['--attack', 'jsma'], /--target: jsma is a targeted attack; give the class to reach/],
    ['deepfool with --target', ['--attack', 'deepfool', '--target', '2'], /--target: deepfool is untargeted/],
    ['negative eps', ['--attack', 'pgd', '--eps', '-0.1'], /--eps: expected a number >= 0, got '-0.1'/],
    ['a budget attack without eps', ['--attack', 'apgd-ce'], /--eps: apgd-ce needs a budget/],
    ['--steps for fgsm', ['--attack', 'fgsm', '--eps', '0.1', '--steps', '5'], /--steps: does not apply to fgsm/],
    ['--restarts for cw', ['--attack', 'cw', '--restarts', '3'], /--restarts: does not apply to cw/],
    ['unknown class', ['--attack', 'pgd', '--eps', '0.1', '--target', '12'], /--target: class 12 is not a class of this model \(it has 10: 0\.\.9\)/],
    ['malformed class', ['--attack', 'pgd', '--eps', '0.1', '--target', 'cat'], /--target: expected a whole number >= 0, got 'cat'/],
    ['missing image', ['--attack', 'pgd', '--eps', '0.1', '--input', join(tmp, 'none.png')], /none\.png.*cannot read the image/],
  ];
  for (const [name, args, re] of cases)
    it(name, async () => {
      const base: Record<string, string> = { '--model': MNIST, '--input': DIGIT3, '--preprocess': 'unit', '--out': join(tmp, 'bad.png') };
      for (let i = 0; i < args.length; i += 2) base[args[i]!] = args[i + 1]!;
      const r = await cliInProcess('attack', ...Object.entries(base).flat());
      expect(r.code).toBe(1);
      expect(r.err).toMatch(re);
      expect(r.err.split('\n').filter(Boolean)).toHaveLength(1);
      expect(r.err).toMatch(/^axplain: error: /);
    });

  const robustnessCases: [string[], RegExp][] = [
    [['--dataset', join(tmp, 'nowhere'), '--attack', 'pgd', '--eps', '0.1'], /neither a known dataset \(mnist, fashion-mnist\) nor a folder/],
    [['--dataset', 'mnist', '--attack', 'jsma'], /jsma is targeted only/],
    [['--dataset', 'mnist', '--attack', 'pgd', '--eps', '0.1,-1'], /--eps: expected a number >= 0, got '-1'/],
    [['--dataset', 'mnist', '--attack', 'fgsm'], /--eps: fgsm needs a budget/],
    [['--dataset', 'mnist', '--attack', 'pgd', '--eps', '0.1', '--batch', '0'], /--batch: expected a whole number >= 1, got '0'/],
  ];
  for (const [args, re] of robustnessCases)
    it(`robustness ${args.slice(1).join(' ').replace(tmp, '<tmp>')}`, async () => {
      const r = await cliInProcess('robustness', '--model', MNIST, ...args);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(re);
      expect(r.err.split('\n').filter(Boolean)).toHaveLength(1);
    });

  it('robustness on a folder with an unlabelled image names the file', async () => {
    const dir = join(tmp, 'unlabelled');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'digit.png'), await encodePng({ width: 1, height: 1, data: new Uint8ClampedArray(4) }));
    const r = await cliInProcess('robustness', '--model', MNIST, '--dataset', dir, '--attack', 'pgd', '--eps', '0.1');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/cannot tell the class of '.*digit\.png'; name it '<class>_<anything>\.png' or put it in a folder named by its class/);
  });
});

interface RobustnessJson {
  samples: number; correct: number; cleanAccuracy: number;
  rows: { eps: number; robustAccuracy: number; successRate: number; robust: number; successes: number }[];
}

zoo.describe.concurrent('axplain robustness', () => {
  it('MNIST, 20 test digits, PGD-Linf: falls to <= 10% at eps 0.3; robust accuracy never above clean', async () => {
    const json = join(tmp, 'rob.json');
    const r = await axplain('robustness', '--model', MNIST, '--dataset', 'mnist', '--attack', 'pgd', '--eps', '0.05,0.3', '--limit', '20', '--json', json);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/clean accuracy \d+\.\d% \(\d+\/20\)/);
    expect(r.out).toMatch(/\| eps \| robust accuracy \| attack success \| median linf \|/);
    const j = readJson<RobustnessJson>(json);
    expect(j.samples).toBe(20);
    expect(j.cleanAccuracy).toBeGreaterThanOrEqual(0.9); // measured 100%; the model is 99% accurate
    for (const row of j.rows) {
      expect(row.robustAccuracy).toBeLessThanOrEqual(j.cleanAccuracy);
      expect(row.robust + row.successes).toBe(j.correct);
    }
    expect(j.rows.map((row) => row.eps)).toEqual([0.05, 0.3]);
    expect(j.rows[1]!.robustAccuracy).toBeLessThanOrEqual(0.1); // measured 0%
    expect(j.rows[0]!.robustAccuracy).toBeGreaterThan(j.rows[1]!.robustAccuracy); // measured 90%
  });

  it('a folder of PNGs labelled by file name and by subfolder', async () => {
    const dir = join(tmp, 'digits');
    mkdirSync(join(dir, '7'), { recursive: true });
    const { test } = loadMnist({ seed: 0 });
    const spec = { width: 28, height: 28, channels: 'grey' as const };
    for (let i = 0; i < 6; i++) {
      const png = await encodePng(toRgba({ data: test.x.subarray(i * 784, (i + 1) * 784), shape: [1, 28, 28] }, spec));
      writeFileSync(i < 5 ? join(dir, `${test.y[i]}_${i}.png`) : join(dir, '7', `${test.y[i]}-in-7.png`), png);
    }
    writeFileSync(join(dir, 'README.txt'), 'not an image');
    const json = join(tmp, 'dir.json');
    const r = await axplain('robustness', '--model', MNIST, '--dataset', dir, '--attack', 'fgsm', '--eps', '0.3', '--json', json);
    expect(r.code).toBe(0);
    const j = readJson<RobustnessJson>(json);
    expect(j.samples).toBe(6);
    // Five names carry their true digit; the sixth sits in folder 7 (its digit is test.y[5]).
    expect(j.correct).toBe(5 + (test.y[5] === 7 ? 1 : 0));
    expect(j.rows[0]!.robustAccuracy).toBeLessThanOrEqual(j.cleanAccuracy);
  });
});
