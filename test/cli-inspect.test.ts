/** Models a user brings: `axplain inspect`, preprocessing presets and metadata, class names (child processes, as a user runs them). */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeModel, encodeModel } from '@axplain/onnx';
import { describe, expect, it } from 'vitest';
import { sharedDir, sharedPath } from './support/shared.js';

const ROOT = new URL('..', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'axplain-inspect-'));
const MNIST = join(ROOT, 'models/mnist-standard/model.onnx');
const DIGIT7 = join(ROOT, 'models/samples/mnist/digit-7.png');
const imagenet = sharedDir('the ImageNet inspect/explain test', 'models/imagenet', 'data/imagenet-sample');
const SHUFFLENET = imagenet.file('shufflenet-v2-12-qdq.onnx');
const TENCH = sharedPath('data/imagenet-sample/000_n01440764_tench.JPEG');

function axplain(...args: string[]) {
  const r = spawnSync(process.execPath, ['--conditions', 'source', '--import', 'tsx', 'packages/node/src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 240_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The MNIST model alone in a folder (no card beside it), optionally with metadata_props added. */
function bareModel(name: string, metadata: Record<string, string> = {}): string {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  const m = decodeModel(readFileSync(MNIST));
  m.metadataProps = Object.entries(metadata).map(([key, value]) => ({ key, value }));
  writeFileSync(join(dir, 'model.onnx'), encodeModel(m));
  return join(dir, 'model.onnx');
}

const DIGITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

describe('axplain inspect', () => {
  it('prints signature, opset, gradient graph, EP, the card\'s preprocessing and top-5 under each preset', () => {
    const json = join(tmp, 'inspect.json');
    const r = axplain('inspect', '--model', MNIST, '--input', DIGIT7, '--json', json);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/opset 13/);
    expect(r.out).toContain("input 'input' [N, 1, 28, 28] (dynamic batch)");
    expect(r.out).toMatch(/gradient graph: compiles \(6 forward \+ \d+ gradient nodes/);
    expect(r.out).toMatch(/execution provider: cpu; available here: cpu/);
    expect(r.out).toContain('preprocessing: models/mnist-standard/card.json'.replace('models', join(ROOT, 'models')));
    expect(r.out).toMatch(/chosen \(.*card\.json\)\s+7 0\.\d{3}/);
    expect(r.out).toMatch(/imagenet\s+n\/a: preset 'imagenet': field 'channels' is for 3-channel RGB inputs/);
    const j = JSON.parse(readFileSync(json, 'utf8')) as { top5: { spec: string; top: { class: number; probability: number }[] | null }[]; classes: number };
    expect(j.classes).toBe(10);
    expect(j.top5.map((t) => t.spec)).toEqual([expect.stringMatching(/^chosen/), 'imagenet', 'caffe', 'inception', 'unit']);
    const chosen = j.top5[0]!.top!;
    expect(chosen[0]!.class).toBe(7);
    expect(chosen.map((c) => c.probability)).toEqual([...chosen.map((c) => c.probability)].sort((a, b) => b - a));
    // The card says pixels in [0, 1]: the 'unit' preset is the same preprocessing, so the same numbers.
    expect(j.top5[4]!.top).toEqual(chosen);
  });

  it('reads ONNX image metadata and metadata class names; says where they came from', () => {
    const model = bareModel('meta', { 'Image.NominalPixelRange': 'NominalRange_0_255', labels: JSON.stringify(DIGITS) });
    const r = axplain('inspect', '--model', model, '--input', DIGIT7);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toContain('preprocessing: model metadata (Image.NominalPixelRange=NominalRange_0_255)');
    expect(r.out).toContain('class names: 10 (zero, one, two, ...) from the model metadata');
    // 0-255 inputs to a model trained on [0, 1] change its answer: the chosen line and 'unit' differ.
    const line = (name: string) => r.out.split('\n').find((l) => l.trimStart().startsWith(name))!;
    expect(line('chosen')).not.toEqual(line('unit').replace('unit', 'chosen'));
    expect(line('unit')).toMatch(/unit\s+7 \(seven\) 0\.\d{3}/);
  });

  it('names a model file that does not exist', () => {
    const r = axplain('inspect', '--model', join(tmp, 'nope.onnx'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^axplain: error: model file '.*nope\.onnx' does not exist\n$/);
  });
});

describe('preprocessing the user does not have to guess', () => {
  it('an inferred spec prints one note naming the flag; a preset or a card prints none', () => {
    const model = bareModel('bare');
    const out = join(tmp, 'e.png');
    const inferred = axplain('explain', '--model', model, '--input', DIGIT7, '--method', 'saliency', '--out', out);
    expect(inferred.code).toBe(0);
    expect(inferred.err).toBe(
      'axplain: note: preprocessing inferred from the input shape [1, 28, 28]: pixels in [0, 1], no mean or std, stretched; ' +
        'if the model was trained otherwise, give --preprocess imagenet|caffe|inception|unit or a spec file\n',
    );
    const preset = axplain('explain', '--model', model, '--input', DIGIT7, '--method', 'saliency', '--preprocess', 'unit', '--out', out);
    expect(preset.code).toBe(0);
    expect(preset.err).toBe('');
    expect(preset.out).toMatch(/predicted 7 with probability/);
  });

  it('rejects an unknown preset or a missing spec file before loading, and a colour preset on a grey model', () => {
    const bad = axplain('explain', '--model', MNIST, '--input', DIGIT7, '--preprocess', 'imagnet', '--out', join(tmp, 'x.png'));
    expect(bad.code).toBe(1);
    expect(bad.err).toBe("axplain: error: imagnet: is neither a preset (imagenet, caffe, inception, unit) nor an existing spec file\n");
    const grey = axplain('attack', '--model', MNIST, '--input', DIGIT7, '--attack', 'fgsm', '--eps', '0.1', '--preprocess', 'imagenet', '--out', join(tmp, 'x.png'));
    expect(grey.code).toBe(1);
    expect(grey.err).toMatch(/preset 'imagenet': field 'channels' is for 3-channel RGB inputs; this model's input \[1, 28, 28\] has 1\n$/);
    expect(existsSync(join(tmp, 'x.png'))).toBe(false);
  });
});

describe('class names', () => {
  it('--labels names classes in the output; a card.json labels field does too; a wrong count is an error', () => {
    const labels = join(tmp, 'digits.txt');
    writeFileSync(labels, DIGITS.join('\n') + '\n');
    const out = join(tmp, 'l.png');
    const r = axplain('explain', '--model', MNIST, '--input', DIGIT7, '--method', 'saliency', '--labels', labels, '--out', out);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/predicted 7 \(seven\) with probability/);
    expect(r.out).toContain('explained class 7 (seven) with saliency');

    const carded = bareModel('carded');
    const card = JSON.parse(readFileSync(join(ROOT, 'models/mnist-standard/card.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(carded, '..', 'card.json'), JSON.stringify({ ...card, labels: DIGITS.map((d) => d.toUpperCase()) }));
    const c = axplain('attack', '--model', carded, '--input', DIGIT7, '--attack', 'pgd', '--eps', '0.3', '--out', join(tmp, 'adv.png'));
    expect(c.code).toBe(0);
    expect(c.err).toBe('');
    expect(c.out).toMatch(/before: predicted 7 \(SEVEN\)/);

    writeFileSync(labels, 'a\nb\nc\n');
    const wrong = axplain('explain', '--model', MNIST, '--input', DIGIT7, '--labels', labels, '--out', out);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toBe("axplain: error: labels: 3 names given but output 'logits' has 10 classes\n");
  });
});

describe('time and progress', () => {
  it('--quiet is accepted anywhere; JSON carries the time each method took', () => {
    const json = join(tmp, 'timed.json');
    const r = axplain('explain', '--quiet', '--model', MNIST, '--input', DIGIT7, '--method', 'occlusion', '--out', join(tmp, 'o.png'), '--json', json);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const j = JSON.parse(readFileSync(json, 'utf8')) as { ms: number; timeMs: number };
    expect(j.ms).toBeGreaterThan(0);
    expect(j.ms).toBeLessThanOrEqual(j.timeMs);
    const cmp = join(tmp, 'compare.json');
    const c = axplain('-q', 'explain', '--model', MNIST, '--input', DIGIT7, '--compare', 'saliency,lime', '--out', join(tmp, 'c.png'), '--json', cmp);
    expect(c.code).toBe(0);
    const methods = (JSON.parse(readFileSync(cmp, 'utf8')) as { methods: Record<string, { ms: number }> }).methods;
    expect(Object.keys(methods)).toEqual(['saliency', 'lime']);
    for (const m of Object.values(methods)) expect(m.ms).toBeGreaterThanOrEqual(0);
    expect(methods.lime!.ms).toBeGreaterThan(methods.saliency!.ms);
  });
});

imagenet.describe('a third-party ImageNet model (int8 ShuffleNet v2) on a photo of a tench', () => {
  it('inspect shows the inferred guess is wrong and the imagenet preset right; explain names the class', () => {
    const r = axplain('inspect', '--model', SHUFFLENET, '--input', TENCH);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^axplain: note: preprocessing inferred from the input shape \[3, 224, 224\]/);
    expect(r.out).toContain("class names: 1000 (tench, goldfish, great white shark, ...) from ImageNet's 1000 classes");
    expect(r.out).toMatch(/chosen \(inferred from the input shape\)\s+126 \(isopod\)/);
    expect(r.out).toMatch(/imagenet\s+0 \(tench\) 0\.5\d\d/);
    const e = axplain('explain', '--model', SHUFFLENET, '--input', TENCH, '--preprocess', 'imagenet', '--method', 'saliency', '--out', join(tmp, 'tench.png'));
    expect(e.code).toBe(0);
    expect(e.err).toBe('');
    expect(e.out).toMatch(/predicted 0 \(tench\) with probability 0\.5\d{3}/);
  });
  it('AXAI on the photo attacks inside the ImageNet box and picks K real segments', () => {
    // The [0, 1] default box once clipped the normalised photo (an L2-201 "attack" instead of eps 2),
    // so half of QuickShift's segments (then mostly 1-2 px specks) tied at density 1.
    const json = join(tmp, 'tench-axai.json');
    const e = axplain('-q', 'explain', '--model', SHUFFLENET, '--input', TENCH, '--preprocess', 'imagenet', '--method', 'axai', '--out', join(tmp, 'axai.png'), '--json', json);
    expect(e.code).toBe(0);
    const j = JSON.parse(readFileSync(json, 'utf8')) as { found: boolean[]; segments: number; selected: number[]; density: number[]; segmentLabels: number[] };
    expect(j.found[0]).toBe(true);
    const sizes = new Array<number>(j.segments).fill(0);
    for (const l of j.segmentLabels) sizes[l]!++;
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(50);
    expect(j.segments).toBeGreaterThanOrEqual(15);
    expect(j.selected).toHaveLength(5);
    for (const s of j.selected) expect(j.density[s]).toBeLessThan(0.95);
  });
});
