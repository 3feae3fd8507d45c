/**
 * `axplain explain --model a,b,c --input clip.wav` end to end (a child process, as a user runs
 * it) on the three-model audio chain of test/support/audio-chain.ts, written to a temp folder.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audioAttributionPicture } from '@axplain/core';
import { encodeWav, loadChain, loadImage } from '@axplain/node';
import { describe, expect, it } from 'vitest';
import { AUDIO, audioChain, audioClip } from './support/audio-chain.js';
import { cliInProcess } from './support/cli-in-process.js';

const ROOT = new URL('..', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'axplain-audio-'));
const models = audioChain();
const [FE, EMB, HEAD] = ['frontend', 'embedding', 'head'].map((n) => join(tmp, `${n}.onnx`));
writeFileSync(FE!, models.frontEnd);
writeFileSync(EMB!, models.embedding);
writeFileSync(HEAD!, models.head);
const CLIP = join(tmp, 'clip.wav');
const clip = audioClip(0);
writeFileSync(CLIP, encodeWav(clip, AUDIO.sampleRate));
const CHAIN = [FE, EMB, HEAD].join(',');

function axplain(...args: string[]) {
  const r = spawnSync(process.execPath, ['--conditions', 'source', '--import', 'tsx', 'packages/node/src/cli/main.ts', 'explain', ...args], {
    cwd: ROOT, encoding: 'utf8', timeout: 300_000, env: process.env,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
interface Json { parts: string[]; sampleRate: number; samples: number; target: number; predicted: number; probabilities: number[]; completenessGap?: number[]; inputScore?: number[]; baselineScore?: number[]; attribution: { shape: number[]; data: number[] } }
const readJson = (p: string) => JSON.parse(readFileSync(p, 'utf8')) as Json;

describe('axplain explain on a chain of models and a WAV clip', () => {
  it('ig: writes the waveform/spectrogram picture and JSON; IG is complete to its quadrature error; saliency equals the chain\'s vjp in-process', async () => {
    const png = join(tmp, 'ig.png');
    const json = join(tmp, 'ig.json');
    const r = axplain('--model', CHAIN, '--input', CLIP, '--method', 'ig', '--steps', '64', '--out', png, '--json', json);
    expect(r.err + r.out).toMatch(/3 parts run in turn/);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`audio ${CLIP}: 2048 samples at 8000 Hz`);
    const j = readJson(json);
    expect([j.parts, j.sampleRate, j.samples, j.attribution.shape]).toEqual([[FE, EMB, HEAD], 8000, 2048, [1, 1, 2048]]);
    // The clip the CLI read is the 16-bit copy of `clip`: the picture of its attribution is the PNG, pixel for pixel.
    const read = Float32Array.from(clip, (v) => Math.round(v * 32767) / 32768);
    const expected = audioAttributionPicture(read, Float32Array.from(j.attribution.data), { sampleRate: 8000, title: `ig (class ${j.target})` });
    const img = await loadImage(png);
    expect([img.width, img.height]).toEqual([expected.width, expected.height]);
    expect(Buffer.from(img.data).equals(Buffer.from(expected.data))).toBe(true);
    // Completeness: Log(power + 1e-6) is steep near the zero baseline, so 64 Gauss-Legendre nodes leave a few percent.
    const gap = Math.abs(j.completenessGap![0]!), diff = Math.abs(j.inputScore![0]! - j.baselineScore![0]!);
    expect(gap).toBeLessThan(0.1 * diff);

    const sal = join(tmp, 'sal.json');
    expect(axplain('--model', CHAIN, '--input', CLIP, '--method', 'saliency', '--target', '1', '--out', join(tmp, 'sal.png'), '--json', sal).code).toBe(0);
    const model = await loadChain([FE!, EMB!, HEAD!]);
    try {
      const { grad } = await model.vjp({ data: read, shape: [1, 1, 2048] }, { data: Float32Array.from([0, 1]), shape: [1, 2] });
      const got = readJson(sal).attribution.data;
      let worst = 0, peak = 0;
      // saliency is |gradient| (magnitude) or the gradient itself: compare magnitudes
      for (let i = 0; i < got.length; i++) { worst = Math.max(worst, Math.abs(Math.abs(got[i]!) - Math.abs(grad.data[i]!))); peak = Math.max(peak, Math.abs(grad.data[i]!)); }
      expect(peak).toBeGreaterThan(1e-4);
      expect(worst).toBeLessThan(1e-5 * peak);
    } finally {
      await model.dispose();
    }
  });

  it('refuses, with one clear line each: a stereo WAV, a clip of the wrong length, parts whose shapes do not meet, an image-only method (in-process)', async () => {
    const stereo = join(tmp, 'stereo.wav');
    const b = encodeWav(new Float32Array(2048), 8000);
    new DataView(b.buffer).setUint16(22, 2, true);
    writeFileSync(stereo, b);
    const short = join(tmp, 'short.wav');
    writeFileSync(short, encodeWav(new Float32Array(1000), 8000));
    const cases: [string[], string][] = [
      [['--model', CHAIN, '--input', stereo], `${stereo}: found PCM, 2 channels, 16-bit, 8000 Hz; axplain reads 16-bit PCM mono WAV`],
      [['--model', CHAIN, '--input', short], `${short}: 1000 samples (0.125 s at 8000 Hz), but ${CHAIN} takes [1, 2048] per sample = 2048 samples`],
      [['--model', `${FE},${HEAD}`, '--input', CLIP], `${FE} outputs [1, 16, 31] per sample but ${HEAD} takes [8] per sample`],
      [['--model', CHAIN, '--input', CLIP, '--method', 'lime'], '--method lime: works on image segments or patches; for WAV input use one of saliency'],
      [['--model', `${FE},,${HEAD}`, '--input', CLIP], '--model: empty entry in the comma list'],
    ];
    for (const [args, message] of cases) {
      const r = await cliInProcess('explain', ...args, '--out', join(tmp, 'x.png'));
      expect(r.code, r.err).toBe(1);
      expect(r.err).toContain(message);
      expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
    }
  });
});
