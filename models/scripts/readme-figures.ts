/**
 * The figures models/README.md states, read from its tables, and recomputed from the committed
 * models: test accuracy (the card's whole test split), robust accuracy (PGD-Linf eps 0.1, 20 steps
 * of 0.01, random start, attack seed 0, first 500 test samples), and the mean Gini index of IG
 * attributions (first 100 test samples). `pnpm models:verify` prints them all side by side;
 * test/models-figures.test.ts pins them (all accuracies, a seeded sample of the slow ones).
 *
 * Tolerance: a figure matches when |recomputed - stated| is at most half a unit of its last
 * printed digit, widened to one sample (1/n) for accuracies (another CPU may flip one borderline
 * sample) and to 5e-4 for Gini (float summation order).
 */
import { readFileSync } from 'node:fs';
import { type GradientModel } from '@axplain/core';
import { type DatasetSplit, loadMnist, loadModel } from '@axplain/node';
import { accuracyOnFirst, type DatasetRef, loadFixtureDataset, meanIgGini, robustOnFirst } from './model-metrics.js';

export type Metric = 'test accuracy' | 'robust accuracy' | 'IG Gini';

/** One number the README states about one model. */
export interface Figure {
  /** Which README table it is in. */
  table: 'models' | 'decoy' | 'chalasani';
  model: string;
  metric: Metric;
  stated: number;
  /** Digits after the decimal point, as printed. */
  decimals: number;
}

export interface CheckedFigure extends Figure {
  recomputed: number;
  tolerance: number;
  ok: boolean;
}

const MODELS_DIR = new URL('../', import.meta.url);
/** Samples behind each metric (the README's). */
export const ROBUST_SAMPLES = 500;
export const GINI_SAMPLES = 100;

const cells = (line: string) => line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim()); // '\|' inside a cell is text
const num = (cell: string): { value: number; decimals: number } | undefined => {
  const m = /^\**(\d+\.(\d+))\**$/.exec(cell);
  return m ? { value: Number(m[1]), decimals: m[2]!.length } : undefined;
};
const modelIn = (cell: string) => /`([a-z0-9-]+)`/.exec(cell)?.[1];

/** Every figure of models/README.md's three tables (models, Decoy MNIST, Chalasani et al.). */
export function readmeFigures(markdown = readFileSync(new URL('README.md', MODELS_DIR), 'utf8')): Figure[] {
  const out: Figure[] = [];
  let table: Figure['table'] | undefined;
  let columns: string[] = [];
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) { table = undefined; continue; }
    const c = cells(line);
    if (c.every((x) => /^-+$/.test(x))) continue;
    if (!table) {
      columns = c;
      table = c[0] === 'model' && c.includes('training') ? 'models' : c[0] === 'training' ? 'decoy' : c[0] === 'model' ? 'chalasani' : undefined;
      continue;
    }
    const model = modelIn(c[0]!);
    if (!model) continue;
    c.forEach((cell, i) => {
      const v = num(cell);
      const head = columns[i] ?? '';
      const metric: Metric | undefined = /^robust acc/.test(head) ? 'robust accuracy' : /^test acc/.test(head) ? 'test accuracy' : /Gini/.test(head) ? 'IG Gini' : undefined;
      if (v && metric) out.push({ table: table!, model, metric, stated: v.value, decimals: v.decimals });
    });
  }
  return out;
}

/** The split a model's card names (mnist-mlp's card predates `dataset`: MNIST, its seed, 20% test). */
function splitOf(model: string): DatasetSplit {
  const card = JSON.parse(readFileSync(new URL(`${model}/card.json`, MODELS_DIR), 'utf8')) as { seed: number; dataset?: DatasetRef };
  return card.dataset ? loadFixtureDataset(card.dataset) : loadMnist({ seed: card.seed });
}

/** Recomputes figures from the committed models, one model loaded at a time; `onFigure` sees each as it is done. */
export async function recomputeFigures(figures: Figure[], onFigure?: (f: CheckedFigure) => void): Promise<CheckedFigure[]> {
  const out: CheckedFigure[] = [];
  const byModel = new Map<string, Figure[]>();
  for (const f of figures) byModel.set(f.model, [...(byModel.get(f.model) ?? []), f]);
  for (const [name, figs] of byModel) {
    const split = splitOf(name);
    const model: GradientModel & { dispose(): Promise<void> } = await loadModel(readFileSync(new URL(`${name}/model.onnx`, MODELS_DIR)));
    const cache = new Map<Metric, Promise<number>>();
    const value = (m: Metric) => {
      if (!cache.has(m)) cache.set(m, m === 'test accuracy' ? accuracyOnFirst(model, split, split.test.n)
        : m === 'robust accuracy' ? robustOnFirst(model, split, ROBUST_SAMPLES, 0.1) : meanIgGini(model, split, GINI_SAMPLES));
      return cache.get(m)!;
    };
    try {
      for (const f of figs) {
        const recomputed = await value(f.metric);
        const n = f.metric === 'test accuracy' ? split.test.n : f.metric === 'robust accuracy' ? ROBUST_SAMPLES : 0;
        const tolerance = Math.max(0.5 * 10 ** -f.decimals, n ? 1 / n : 5e-4) + 1e-12;
        const checked = { ...f, recomputed, tolerance, ok: Math.abs(recomputed - f.stated) <= tolerance };
        out.push(checked);
        onFigure?.(checked);
      }
    } finally {
      await model.dispose();
    }
  }
  return out;
}
