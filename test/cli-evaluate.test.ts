/**
 * `axplain evaluate` on the real mnist-mlp and MNIST digits: what results.json holds (means of the
 * per-sample values, intervals around them, values equal to the metrics API's on the same sample
 * and seed), bit-identical numbers for --workers 1 and 2, a SIGKILLed run resumed to exactly the
 * numbers of an uninterrupted one, and one clear line for each bad input.
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { explanationMethod, numel } from '@axplain/core';
import { metric } from '@axplain/metrics';
import { loadMnist, loadModel } from '@axplain/node';
import { createProgram, runCli, sampleSeed } from '@axplain/node/cli';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;
const MODEL = 'models/mnist-mlp/model.onnx';
const tmp = mkdtempSync(join(tmpdir(), 'axplain-evaluate-'));
const RUN = ['--model', MODEL, '--dataset', 'mnist', '--limit', '8', '--methods', 'saliency,smoothgrad', '--set', 'smoothgrad.samples=4',
  '--metrics', 'deletion,sparseness,max-sensitivity', '--set', 'max-sensitivity.samples=3', '--job-size', '1'];
const CLI = ['--conditions', 'source', '--import', 'tsx', 'packages/node/src/cli/main.ts'];

interface Row { method: string; metric: string; mean: number | null; ci95: [number | null, number | null]; n: number; perSample: (number | null)[] }
interface Results { header: { seed: number }; results: Row[]; curves: { method: string; metric: string; fractions: number[]; mean: number[] }[] }
const read = (dir: string): Results => JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as Results;
/** The numbers of a results.json (everything but the header, whose command line names --workers). */
const numbers = (r: Results): string => JSON.stringify({ results: r.results, curves: r.curves });

/** The whole `axplain` program run in this process (flag errors and small runs without a child's start-up). */
async function cliInProcess(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [], err: string[] = [];
  const { stdout, stderr } = process;
  const [writeOut, writeErr, exitCode] = [stdout.write, stderr.write, process.exitCode];
  process.exitCode = undefined;
  stdout.write = ((chunk: string | Uint8Array) => (out.push(String(chunk)), true)) as typeof stdout.write;
  stderr.write = ((chunk: string | Uint8Array) => (err.push(String(chunk)), true)) as typeof stderr.write;
  try {
    await runCli(createProgram(), ['node', 'axplain', ...args]);
  } finally {
    stdout.write = writeOut;
    stderr.write = writeErr;
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = exitCode;
  return { code, out: out.join(''), err: err.join('') };
}

const evaluate = (out: string, ...extra: string[]) => cliInProcess('evaluate', ...RUN, '--out', out, ...extra);
const journalLines = (dir: string): number => (existsSync(join(dir, 'journal.jsonl')) ? readFileSync(join(dir, 'journal.jsonl'), 'utf8').split('\n').filter(Boolean).length : 0);

describe('axplain evaluate', () => {
  const base = join(tmp, 'base');
  let baseline: Results;

  it('writes results whose means, intervals and counts follow from the per-sample values, which equal the metrics API on the same sample', async () => {
    const r = await evaluate(base);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    baseline = read(base);
    expect(baseline.results.map((x) => `${x.method}/${x.metric}`)).toEqual([
      'saliency/deletion', 'smoothgrad/deletion', 'saliency/sparseness', 'smoothgrad/sparseness', 'saliency/max-sensitivity', 'smoothgrad/max-sensitivity',
    ]);
    for (const row of baseline.results) {
      const v = row.perSample.filter((x): x is number => x !== null);
      expect(row.perSample).toHaveLength(8);
      expect(row.n).toBe(v.length);
      expect(row.n).toBe(8);
      expect(row.mean).toBeCloseTo(v.reduce((s, x) => s + x, 0) / v.length, 12);
      expect(row.ci95[0]!).toBeLessThanOrEqual(row.mean!);
      expect(row.ci95[1]!).toBeGreaterThanOrEqual(row.mean!);
      expect(row.ci95[1]!).toBeGreaterThan(row.ci95[0]!); // 8 different values: a real interval
    }
    // Sample 3 recomputed through the API: the same digit, target, options and derived seeds.
    const model = await loadModel(MODEL);
    try {
      const test = loadMnist({ seed: 0 }).test;
      const d = numel(model.inputShape);
      const x = { data: test.x.slice(3 * d, 4 * d), shape: [1, ...model.inputShape] };
      const target = [Array.from((await model.logits(x)).data).reduce((b, v, i, a) => (v > a[b]! ? i : b), 0)];
      const seed = sampleSeed(0, 3, 'smoothgrad');
      const map = (await explanationMethod('smoothgrad').explain(model, x, { target, samples: 4, seed })).attribution;
      const del = await metric('deletion').evaluate({ model, x, target, attribution: map });
      const sparse = await metric('sparseness').evaluate({ attribution: map });
      const row = (m: string, k: string) => baseline.results.find((q) => q.method === m && q.metric === k)!;
      expect(row('smoothgrad', 'deletion').perSample[3]).toBe(del.perSample[0]);
      expect(row('smoothgrad', 'sparseness').perSample[3]).toBe(sparse.perSample[0]);
      // Another seed gives another SmoothGrad map: the derived seed is what made them equal.
      const other = (await explanationMethod('smoothgrad').explain(model, x, { target, samples: 4, seed: seed + 1 })).attribution;
      expect((await metric('sparseness').evaluate({ attribution: other })).perSample[0]).not.toBe(sparse.perSample[0]);
    } finally {
      await model.dispose();
    }
    const curves = baseline.curves.map((c) => `${c.method}/${c.metric}/${c.fractions.length}`);
    expect(curves).toEqual(['saliency/deletion/21', 'smoothgrad/deletion/21']);
    expect(readFileSync(join(base, 'results.md'), 'utf8')).toMatch(/\| deletion \| saliency \| \d\.\d{4} \| \[\d\.\d{4}, \d\.\d{4}\] \| 8 \| lower \|/);
    expect(readFileSync(join(base, 'results.csv'), 'utf8').trim().split('\n')).toHaveLength(1 + 6);
    expect(readFileSync(join(base, 'samples.csv'), 'utf8').trim().split('\n')).toHaveLength(1 + 8 * 6);
    for (const png of ['box-deletion.png', 'box-sparseness.png', 'box-max-sensitivity.png', 'curves-deletion.png'])
      expect(readFileSync(join(base, png)).subarray(1, 4).toString()).toBe('PNG');
  });

  it('gives bit-identical numbers with --workers 2 (worker threads, a session each), and the comparison catches a one-bit change', async () => {
    const two = join(tmp, 'two');
    const r = spawnSync(process.execPath, [...CLI, 'evaluate', ...RUN, '--out', two, '--workers', '2'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/with 2 workers/);
    expect(numbers(read(two))).toBe(numbers(baseline));
    // Negative: one value changed in its last bit is caught (another seed changes the values: first test).
    const nudged = structuredClone(baseline);
    nudged.results[1]!.perSample[5] = nudged.results[1]!.perSample[5]! * (1 + Number.EPSILON);
    expect(numbers(nudged)).not.toBe(numbers(baseline));
  });

  it('continues a run killed with SIGKILL part-way (and a torn last line), then Ctrl-C on 2 workers, to exactly the uninterrupted numbers', async () => {
    const dir = join(tmp, 'killed');
    /** Starts the command and sends `signal` once `lines` journal lines (header + jobs) are written. */
    const interrupt = async (signal: NodeJS.Signals, lines: number, ...extra: string[]) => {
      const child = spawn(process.execPath, [...CLI, 'evaluate', ...RUN, '--out', dir, ...extra], { cwd: ROOT });
      let err = '';
      child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
      const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      let sent = false;
      while (child.exitCode === null && !sent) {
        if (journalLines(dir) >= lines) { child.kill(signal); sent = true; }
        await new Promise((r) => setTimeout(r, 10));
      }
      return { sent, code: await closed, err };
    };
    const killed = await interrupt('SIGKILL', 3); // two of the eight jobs journalled
    expect(killed.sent).toBe(true);
    expect(journalLines(dir)).toBeLessThan(1 + 8); // part-way: jobs were left
    appendFileSync(join(dir, 'journal.jsonl'), '{"job":7,"records":[{"index":7,"lab'); // a write cut by the kill
    const stopped = await interrupt('SIGINT', journalLines(dir) + 1, '--workers', '2');
    expect(stopped.sent).toBe(true);
    expect(stopped.code).toBe(130);
    expect(stopped.err).toMatch(/^axplain: interrupted; [3-7] of 8 samples are kept in .*journal\.jsonl; run the same command to continue\n$/);
    expect(journalLines(dir)).toBeLessThan(1 + 8);
    const r = await evaluate(dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\([3-7] from the journal\)/);
    expect(numbers(read(dir))).toBe(numbers(baseline));
  });

  it('refuses to continue another command in the same --out, naming what differs', async () => {
    const r = await evaluate(base, '--seed', '5');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^axplain: error: --out: '.*base' holds a run of a different command \(it differs in --seed\); .*--restart.*\n$/);
  });

  it('uses a folder with boxes: a box around the whole image holds all the positive attribution (energy game 1)', async () => {
    const dir = join(tmp, 'digits');
    mkdirSync(dir);
    for (const d of [3, 5]) writeFileSync(join(dir, `${d}_a.png`), readFileSync(join(ROOT, `models/samples/mnist/digit-${d}.png`)));
    writeFileSync(join(dir, 'boxes.json'), JSON.stringify({ '3_a.png': [0, 0, 28, 28], '5_a.png': [0, 0, 28, 28] }));
    const out = join(tmp, 'folder-out');
    const r = await cliInProcess('evaluate', '--model', MODEL, '--dataset', `folder:${dir}`, '--methods', 'gradxinput', '--metrics', 'energy-game', '--target', 'label', '--out', out);
    expect(r.err).toBe('');
    const row = read(out).results[0]!;
    expect(row.perSample).toEqual([1, 1]);
  });

  it('says in one line what is wrong with a bad input', async () => {
    const bad = async (args: string[], message: RegExp) => {
      const r = await cliInProcess('evaluate', '--model', MODEL, '--out', join(tmp, 'bad'), ...args);
      expect(r.code).not.toBe(0);
      expect(r.err.trim().split('\n')[0]).toMatch(message);
    };
    const ok = ['--dataset', 'mnist', '--methods', 'saliency', '--metrics', 'gini'];
    await bad(['--dataset', 'mnist', '--methods', 'salency', '--metrics', 'gini'], /--methods: unknown method 'salency'; choose one of saliency, /);
    await bad(['--dataset', 'mnist', '--methods', 'saliency', '--metrics', 'gni'], /--metrics: unknown metric 'gni'; choose one of deletion, /);
    await bad(['--dataset', 'mnist', '--methods', 'saliency', '--metrics', 'gini,pointing-game'], /--metrics: pointing-game needs ground-truth regions .* dataset mnist has none/);
    await bad(['--dataset', 'imagenet', '--methods', 'saliency', '--metrics', 'gini'], /--dataset: unknown dataset 'imagenet'/);
    await bad(['--dataset', `folder:${join(tmp, 'nowhere')}`, '--methods', 'saliency', '--metrics', 'gini'], /--dataset: folder '.*nowhere' does not exist/);
    const empty = join(tmp, 'empty');
    mkdirSync(empty);
    await bad(['--dataset', `folder:${empty}`, '--methods', 'saliency', '--metrics', 'gini'], /--dataset: no \.png or \.jpg images in/);
    await bad([...ok, '--set', 'gini.steps=3'], /--set gini\.steps=3: gini has no option 'steps'; its options are none/);
    await bad([...ok, '--set', 'saliency.seed=3'], /saliency has no option 'seed' that can be set/);
    await bad([...ok, '--workers', '0'], /--workers: expected a whole number in 1\.\.64, got '0'/);
    await bad([...ok, '--limit', '0'], /--limit: expected a whole number >= 1, got '0'/);
    expect(existsSync(join(tmp, 'bad'))).toBe(false); // nothing written for a refused command
  });

  it("README's table is the committed docs/evaluate/results.md of the command it names, and results.json's means are its per-sample means", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Evaluate explanations'), readme.indexOf('## Attacks and robustness'));
    const rows = (text: string) => text.split('\n').filter((l) => l.startsWith('| '));
    expect(rows(section).length).toBe(17);
    expect(rows(section)).toEqual(rows(readFileSync(join(ROOT, 'docs/evaluate/results.md'), 'utf8')));
    const committed = read(join(ROOT, 'docs/evaluate'));
    expect(committed.results).toHaveLength(16);
    expect(section).toContain('--out docs/evaluate');
    expect(committed.header).toMatchObject({ command: expect.stringContaining('--dataset canvas --limit 100'), dataset: 'canvas', samples: 100, seed: 0 });
    for (const row of committed.results) {
      const v = row.perSample.filter((x): x is number => x !== null);
      expect(row.mean).toBeCloseTo(v.reduce((a, b) => a + b, 0) / v.length, 12);
    }
  });
});
