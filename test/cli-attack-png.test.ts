/**
 * Property: every PNG `axplain attack` writes as adversarial is misclassified when read back.
 * Minimal-norm attacks (CW, DeepFool, FMN) end on the decision boundary, where rounding to 8 bits
 * used to undo them; the CLI now rounds to the pixel grid and pushes such examples further along
 * their perturbation. Our MNIST model and bundled digits, a seeded sample of four digits.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { argmaxRow, preprocess, Rng } from '@axplain/core';
import { loadImage, loadModel, type OnnxGradientModel, readPreprocessSpec } from '@axplain/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliInProcess } from './support/cli-in-process.js';

const ROOT = new URL('..', import.meta.url).pathname;
const MODEL = `${ROOT}models/mnist-standard/model.onnx`;
const tmp = mkdtempSync(join(tmpdir(), 'axplain-png-'));
const rng = new Rng(7);
const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => [rng.next(), d] as const).sort((a, b) => a[0] - b[0]).slice(0, 4).map(([, d]) => d);
const ATTACKS: [string, string[]][] = [['cw', ['--steps', '100']], ['deepfool', []], ['fmn', ['--steps', '40']]];

interface Json {
  success: boolean; labels: number[]; norms: { l0: number; l1: number; l2: number; linf: number };
  clean: { data: number[] }; png: { success: boolean };
  quantization: { roundedSuccess: boolean; pushed: boolean; scale: number; unrounded: { success: boolean } } | null;
}

describe('PNGs written as adversarial stay adversarial', () => {
  let model: OnnxGradientModel;
  const tally = { runs: 0, success: 0, undone: 0, pushed: 0 };
  beforeAll(async () => { model = await loadModel(MODEL); });
  afterAll(async () => {
    await model.dispose();
    console.log(`cw/deepfool/fmn on digits ${DIGITS.join(', ')}: ${tally.success}/${tally.runs} adversarial PNGs; rounding undid ${tally.undone}, the push restored ${tally.pushed}`);
  });

  for (const [attack, flags] of ATTACKS)
    for (const digit of DIGITS)
      it(`${attack} on digit ${digit}`, async () => {
        const out = join(tmp, `${attack}-${digit}.png`);
        const json = join(tmp, `${attack}-${digit}.json`);
        const r = await cliInProcess('attack', '--model', MODEL, '--input', `${ROOT}models/samples/mnist/digit-${digit}.png`, '--attack', attack, ...flags, '--out', out, '--json', json);
        expect(r.err).not.toMatch(/error/);
        expect(r.code).toBe(0);
        const j = JSON.parse(readFileSync(json, 'utf8')) as Json;
        const spec = (await readPreprocessSpec(MODEL))!;
        const back = preprocess([await loadImage(out)], spec);
        const predicted = argmaxRow(await model.logits(back), 0);
        // The verdict of the JSON is the PNG's, both ways, and so are the norms.
        expect(j.success).toBe(predicted !== j.labels[0]);
        expect(j.png.success).toBe(j.success);
        let l2 = 0;
        let linf = 0;
        back.data.forEach((v, i) => { const d = Math.abs(v - j.clean.data[i]!); l2 += d * d; linf = Math.max(linf, d); });
        expect(j.norms.l2).toBeCloseTo(Math.sqrt(l2), 5);
        expect(j.norms.linf).toBeCloseTo(linf, 6);
        expect(j.quantization).not.toBeNull();
        // An attack that succeeded is saved as an adversarial PNG.
        if (j.quantization!.unrounded.success) expect(j.success).toBe(true);
        tally.runs++;
        if (j.success) tally.success++;
        if (j.quantization!.unrounded.success && !j.quantization!.roundedSuccess) tally.undone++;
        if (j.quantization!.pushed) tally.pushed++;
      });
});
