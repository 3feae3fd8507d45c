import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PreprocessSpecError } from '@axplain/core';
import { preprocessSpecCandidates, readPreprocessSpec } from './read-preprocess-spec.js';

const root = mkdtempSync(join(tmpdir(), 'axplain-spec-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
/** A folder holding `files`; returns the path of a (non-existent) `net.onnx` in it. */
const mk = (name: string, files: Record<string, string>) => {
  const d = join(root, name);
  mkdirSync(d, { recursive: true });
  for (const [f, text] of Object.entries(files)) writeFileSync(join(d, f), text);
  return join(d, 'net.onnx');
};

describe('readPreprocessSpec', () => {
  it('prefers <model>.preprocess.json, then <model>.onnx.preprocess.json, then card.json', async () => {
    expect(preprocessSpecCandidates('/m/net.onnx')).toEqual(['/m/net.preprocess.json', '/m/net.onnx.preprocess.json', '/m/card.json']);
    const card = JSON.stringify({ name: 'x', preprocessing: { shape: ['N', 1, 12, 10], scale: 'pixels in [0, 1]' } });
    const both = mk('both', { 'net.preprocess.json': JSON.stringify({ width: 32, height: 24, mean: [0.5], std: [0.25] }), 'card.json': card });
    expect(await readPreprocessSpec(both)).toMatchObject({ width: 32, height: 24, channels: 'rgb', mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] });
    const long = mk('long', { 'net.onnx.preprocess.json': JSON.stringify({ width: 5, height: 5, channels: 'bgr' }), 'card.json': card });
    expect(await readPreprocessSpec(long)).toMatchObject({ width: 5, channels: 'bgr' });
    const onlyCard = mk('card', { 'card.json': card });
    expect(await readPreprocessSpec(onlyCard)).toMatchObject({ width: 10, height: 12, channels: 'grey', layout: 'nchw', scale: 1 / 255 });
    expect(await readPreprocessSpec(mk('none', { 'card.json': JSON.stringify({ name: 'no preprocessing here' }) }))).toBeUndefined();
    expect(await readPreprocessSpec(join(root, 'missing-dir', 'net.onnx'))).toBeUndefined();
  });

  it("reads the repository's MNIST model card", async () => {
    const spec = await readPreprocessSpec(new URL('../../../../models/mnist-mlp/model.onnx', import.meta.url).pathname);
    expect(spec).toMatchObject({ width: 28, height: 28, channels: 'grey', layout: 'nchw', scale: 1 / 255, mean: [0], std: [1], input: 'input' });
  });

  it('names the file (and the field) of a broken spec', async () => {
    const bad = mk('bad-json', { 'net.preprocess.json': '{ "width": 28, ' });
    const e = await readPreprocessSpec(bad).catch((x: Error) => x);
    expect(e).toBeInstanceOf(PreprocessSpecError);
    expect((e as Error).message).toMatch(new RegExp(`^${join(root, 'bad-json', 'net.preprocess.json')}: is not valid JSON`));
    const field = mk('bad-field', { 'card.json': JSON.stringify({ preprocessing: { shape: [1, 28, 28], std: [0] } }) });
    const f = (await readPreprocessSpec(field).catch((x: Error) => x)) as PreprocessSpecError;
    expect(f.field).toBe('std');
    expect(f.message).toBe(`${join(root, 'bad-field', 'card.json')} (field 'preprocessing'): field 'std' must not contain 0, got [0]`);
  });
});
