/**
 * The figures of models/README.md are what the committed models give: every test accuracy is
 * recomputed here, and a seeded sample of the slower figures (robust accuracy under PGD, IG Gini);
 * `pnpm models:verify` recomputes all of them. Tolerances are in models/scripts/readme-figures.ts
 * (half a unit of the last printed digit, or one sample for accuracies, 5e-4 for Gini).
 */
import { readFileSync } from 'node:fs';
import { Rng } from '@axplain/core';
import { describe, expect, it } from 'vitest';
import { type Figure, readmeFigures, recomputeFigures } from '../models/scripts/readme-figures.js';

const README = readFileSync(new URL('../models/README.md', import.meta.url), 'utf8');
const figures = readmeFigures(README);
const show = (f: { model: string; metric: string; stated: number; recomputed: number }) => `${f.model} ${f.metric}: stated ${f.stated}, recomputed ${f.recomputed}`;

/** `k` figures drawn without replacement by a seeded generator. */
function sample(from: Figure[], k: number, seed: number): Figure[] {
  const rng = new Rng(seed);
  const pool = [...from];
  return Array.from({ length: Math.min(k, pool.length) }, () => pool.splice(Math.floor(rng.next() * pool.length), 1)[0]!);
}

describe('models/README.md figures', () => {
  it('reads every figure of its three tables', () => {
    const count = (table: string, metric: string) => figures.filter((f) => f.table === table && f.metric === metric).length;
    expect(figures).toHaveLength(39);
    expect([count('models', 'test accuracy'), count('models', 'robust accuracy')]).toEqual([12, 11]);
    expect(count('decoy', 'test accuracy')).toBe(4);
    expect(['test accuracy', 'robust accuracy', 'IG Gini'].map((m) => count('chalasani', m))).toEqual([4, 4, 4]);
  });

  it('every test accuracy is what the committed model gives on its test split', async () => {
    const checked = await recomputeFigures(figures.filter((f) => f.metric === 'test accuracy'));
    expect(checked).toHaveLength(20);
    expect(checked.filter((f) => !f.ok).map(show)).toEqual([]);
  });

  it('a seeded sample of robust accuracies (PGD-Linf 0.1, 500 samples) and IG Gini values match', async () => {
    const slow = [...sample(figures.filter((f) => f.metric === 'robust accuracy' && !f.model.startsWith('canvas')), 2, 13), ...sample(figures.filter((f) => f.metric === 'IG Gini'), 1, 13)];
    const checked = await recomputeFigures(slow);
    expect(checked.map((f) => f.metric)).toEqual(['robust accuracy', 'robust accuracy', 'IG Gini']);
    expect(checked.filter((f) => !f.ok).map(show)).toEqual([]);
  });

  it('a wrong figure fails (negative test): mnist-mlp stated one point lower', async () => {
    const wrong = readmeFigures(README.replace('| 0.9395 |', '| 0.9295 |')).filter((f) => f.model === 'mnist-mlp');
    const [f] = await recomputeFigures(wrong);
    expect(f!.stated).toBe(0.9295);
    expect(f!.ok).toBe(false);
    expect(Math.abs(f!.recomputed - 0.9395)).toBeLessThan(1e-9);
  });
});
