/**
 * The results of an `axplain evaluate` run from its per-sample records: per (method, metric) the
 * mean over the finite per-sample values, its 95% bootstrap interval and count (`@axplain/metrics`'
 * `aggregate`), the per-sample values (null where undefined), and the mean deletion / insertion
 * curves; written as results.json, results.md (a table), results.csv and samples.csv.
 */
import { join } from 'node:path';
import { aggregate, metric } from '@axplain/metrics';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { pairsOf, type SampleRecord } from './job.js';
import type { RunSpec } from './spec.js';

export interface ResultRow {
  method: string;
  metric: string;
  /** Which per-sample values are better (the metric's registry entry). */
  better: 'higher' | 'lower' | 'none';
  mean: number | null;
  ci95: [number | null, number | null];
  n: number;
  perSample: (number | null)[];
}

/** A mean curve: the score at each fraction of features removed (deletion) or inserted (insertion). */
export interface CurveRow { method: string; metric: string; fractions: number[]; mean: number[] }

export interface Results { header: Record<string, unknown>; results: ResultRow[]; curves: CurveRow[] }

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** Rows and curves of `records` (all samples of `spec`, any order). */
export function summarise(spec: RunSpec, records: readonly SampleRecord[], header: Record<string, unknown>): Results {
  const sorted = [...records].sort((a, b) => a.index - b.index);
  const results = pairsOf(spec).map(({ method, metric: name }): ResultRow => {
    const values = sorted.map((r) => r.values[method]?.[name] ?? null);
    const a = aggregate(values.map((v) => v ?? NaN));
    return { method, metric: name, better: metric(name).better, mean: finite(a.mean), ci95: [finite(a.ci95[0]), finite(a.ci95[1])], n: a.n, perSample: values };
  });
  const curves: CurveRow[] = [];
  for (const { method, metric: name } of pairsOf(spec)) {
    const all = sorted.map((r) => r.curves?.[method]?.[name]).filter((c): c is number[] => Array.isArray(c));
    if (!all.length) continue;
    const k = all[0]!.length;
    curves.push({
      method, metric: name, fractions: Array.from({ length: k }, (_, i) => i / (k - 1)),
      mean: Array.from({ length: k }, (_, i) => all.reduce((s, c) => s + c[i]!, 0) / all.length),
    });
  }
  return { header, results, curves };
}

const fmt = (v: number | null): string => (v === null ? 'n/a' : Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : v.toFixed(4));

/** The results as a Markdown table, one row per (method, metric). */
export function resultsMarkdown(r: Results): string {
  const h = r.header as { dataset?: string; samples?: number; seed?: number; target?: string; model?: { path?: string } };
  const lines = [
    `# axplain evaluate`, '',
    `model \`${h.model?.path ?? '?'}\`, dataset ${h.dataset ?? '?'} (${h.samples ?? '?'} samples), target ${h.target ?? '?'}, seed ${h.seed ?? '?'}.`,
    'mean over the samples where the metric is defined (n), with its 95% bootstrap interval.', '',
    '| metric | method | mean | 95% CI | n | better |', '|---|---|---|---|---|---|',
    ...r.results.map((x) => `| ${x.metric} | ${x.method} | ${fmt(x.mean)} | [${fmt(x.ci95[0])}, ${fmt(x.ci95[1])}] | ${x.n} | ${x.better} |`),
  ];
  return lines.join('\n') + '\n';
}

const csvNumber = (v: number | null): string => (v === null ? '' : String(v));

/** Writes results.json, results.md, results.csv (one row per pair) and samples.csv (one row per sample and pair). */
export function writeResults(dir: string, r: Results, records: readonly SampleRecord[]): string[] {
  const files = ['results.json', 'results.md', 'results.csv', 'samples.csv'];
  writeFileAtomic(join(dir, files[0]!), JSON.stringify(r, null, 1) + '\n');
  writeFileAtomic(join(dir, files[1]!), resultsMarkdown(r));
  writeFileAtomic(join(dir, files[2]!), ['method,metric,better,mean,ci95_low,ci95_high,n',
    ...r.results.map((x) => [x.method, x.metric, x.better, csvNumber(x.mean), csvNumber(x.ci95[0]), csvNumber(x.ci95[1]), x.n].join(','))].join('\n') + '\n');
  const sorted = [...records].sort((a, b) => a.index - b.index);
  const rows = ['sample,label,predicted,target,method,metric,value'];
  for (const s of sorted)
    for (const x of r.results) rows.push([s.index, s.label, s.predicted, s.target, x.method, x.metric, csvNumber(s.values[x.method]?.[x.metric] ?? null)].join(','));
  writeFileAtomic(join(dir, files[3]!), rows.join('\n') + '\n');
  return files;
}
