/**
 * The spam fixture models (models/spam, models/spam-rrr; built by `pnpm models:spam`): their
 * cards' accuracies re-measured from the committed files on the first 400 test emails (as they
 * are, headers stripped, headers swapped with the other class's), the README's confound claims,
 * and `axplain explain --text` end to end on them.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WordTokenizer } from '@axplain/core';
import { explainText, loadTextModel } from '@axplain/node';
import { describe, expect, it } from 'vitest';
import { explainInProcess } from './support/cli-in-process.js';
import { spamData } from '../models/scripts/spam-data.js';
import { spamEvaluation } from '../models/scripts/spam-metrics.js';

const ROOT = new URL('..', import.meta.url).pathname;
const dir = (name: string) => join(ROOT, 'models', name);
const card = (name: string) => JSON.parse(readFileSync(join(dir(name), 'card.json'), 'utf8'));
const vocab = WordTokenizer.fromJSON(readFileSync(join(dir('spam'), 'vocab.json'), 'utf8'));
const data = spamData(vocab);
const measured = new Map<string, Awaited<ReturnType<typeof spamEvaluation>>>();
const evaluation = async (name: string) => {
  if (!measured.has(name)) measured.set(name, await spamEvaluation(new Uint8Array(readFileSync(join(dir(name), 'model.onnx'))), data));
  return measured.get(name)!;
};

describe('spam fixture models', () => {
  for (const name of ['spam', 'spam-rrr']) {
    it(`${name}: the card's accuracies on the first 400 test emails (with, without and with swapped headers) re-measure within one email`, async () => {
      const c = card(name);
      expect(c.labels).toEqual(['ham', 'spam']);
      expect(c.data.split).toContain(`${data.test.n} test`);
      expect(readFileSync(join(dir(name), 'vocab.json'), 'utf8')).toBe(readFileSync(join(dir('spam'), 'vocab.json'), 'utf8'));
      const m = await evaluation(name);
      expect(m.samples).toBe(c.textEvaluation.samples);
      for (const k of ['accuracy', 'headersStripped', 'headersSwapped'] as const) expect(Math.abs(m[k] - c.textEvaluation[k])).toBeLessThanOrEqual(1 / m.samples + 1e-9);
      expect(readFileSync(join(dir(name), 'model.onnx')).length).toBeLessThan(2_000_000);
    });
  }
  it('the header confound: swapping headers costs the plain model far more than the RRR model, which reads the content', async () => {
    const plain = await evaluation('spam'), rrr = await evaluation('spam-rrr');
    expect(plain.accuracy).toBeGreaterThan(0.95);
    expect(plain.accuracy - plain.headersSwapped).toBeGreaterThan(2 * (rrr.accuracy - rrr.headersSwapped));
    expect(rrr.headersSwapped).toBeGreaterThan(plain.headersSwapped);
    expect(card('spam').headerShare.mean).toBeGreaterThan(2 * card('spam-rrr').headerShare.mean);
  });
});

const EMAIL = 'From: winner@prizes.example\nSubject: You WON a FREE prize!!!\n\nClick here now to claim your free money. Limited time offer, act now!\n';

describe('axplain explain --text', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'axplain-text-'));
  const file = join(tmp, 'email.txt');
  writeFileSync(file, EMAIL);
  const axplain = (...args: string[]) => {
    const r = spawnSync(process.execPath, ['--conditions', 'source', '--import', 'tsx', 'packages/node/src/cli/main.ts', 'explain', ...args], {
      cwd: ROOT, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1' },
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  it('--json - prints the label, probabilities and one attribution per token, equal to the API; --out writes the HTML heatmap', async () => {
    const html = join(tmp, 'x.html');
    const r = axplain('--model', join(dir('spam'), 'model.onnx'), '--text-file', file, '--json', '-', '--out', html);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.predicted).toBe('spam');
    expect(j.probabilities[1]).toBeGreaterThan(0.5);
    expect(j.probabilities[0] + j.probabilities[1]).toBeCloseTo(1, 5);
    const tm = await loadTextModel(join(dir('spam'), 'model.onnx'));
    const api = await explainText(tm, EMAIL);
    await tm.dispose();
    expect(j.tokens.map((t: { token: string }) => t.token)).toEqual(api.tokens.map((t) => t.token));
    j.tokens.forEach((t: { attribution: number }, i: number) => expect(t.attribution).toBeCloseTo(api.tokens[i]!.attribution, 5));
    expect(j.tokens.slice(0, 3).map((t: { token: string }) => t.token)).toEqual(['from', ':', 'winner']);
    expect(Math.abs(j.delta)).toBeLessThan(0.02);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<h2>headers</h2>');
    expect(page.match(/class="t"/g)!.length).toBe(j.tokens.length + 5); // + the legend
  }, 120_000);
  it('NO_COLOR / non-TTY output has no escape codes and marks the strongest tokens; bad flags name the problem', async () => {
    const r = axplain('--model', join(dir('spam-rrr'), 'model.onnx'), '--text', 'free money, click here now', '--method', 'saliency');
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('\x1b');
    expect(r.out).toMatch(/predicted (ham|spam) with probability/);
    expect(r.out).toMatch(/\[(free|money|click|here|now|,) [+-]\d\.\d{3}\]/);
    expect((await explainInProcess('--model', join(dir('spam'), 'model.onnx'), '--text', 'x', '--out', 'x.png')).err).toMatch(/--out: text explanations are written as HTML/);
    expect((await explainInProcess('--model', join(dir('spam'), 'model.onnx'), '--text', 'x', '--method', 'fw')).err).toMatch(/--method: 'fw' is not available for text models/);
    expect((await explainInProcess('--model', join(dir('spam'), 'model.onnx'), '--text', 'x', '--text-file', file)).err).toMatch(/give one of them/);
    expect((await explainInProcess('--model', join(dir('spam'), 'model.onnx'), '--text', 'x', '--vocab', join(tmp, 'none.json'))).err).toMatch(/none.json: no such file/);
    expect((await explainInProcess('--model', join(dir('spam'), 'model.onnx'))).err).toMatch(/--input <image> is required for image models/);
  }, 120_000);
});
