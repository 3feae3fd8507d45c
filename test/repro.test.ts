/**
 * The reproductions (models/scripts/repro, `pnpm repro:*`) on tiny seeded samples: the result
 * structure, the aggregates recomputed from the per-sample values, and one known answer each
 * (Gini recomputed independently, the input-only control's similarity 1, band accuracies as
 * fractions of flips, the verdict logic on rows whose answer is known).
 */
import { integratedGradients, tensor } from '@axplain/core';
import { loadModel } from '@axplain/node';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gini as referenceGini } from '../models/scripts/model-metrics.js';
import { reproduceAxaiBands } from '../models/scripts/repro/axai-bands.js';
import { type Reproduction, mnistTest, modelPath, type ResultRow, resultRow } from '../models/scripts/repro/common.js';
import { reproduceGini } from '../models/scripts/repro/gini.js';
import { BLACK_SHARE, LOCALISATION_METHODS, LOCALISATION_METRICS, localisationChecks, positiveShareOnBlack, precomputed, reproduceLocalisation } from '../models/scripts/repro/localisation.js';
import { writeReproduction } from '../models/scripts/repro/report.js';
import { reproduceSanity } from '../models/scripts/repro/sanity.js';

/** Every row's mean, n and interval agree with its per-sample values. */
function expectConsistent(r: Reproduction): void {
  expect(r.results.length).toBeGreaterThan(0);
  for (const row of r.results) {
    const finite = row.perSample.filter(Number.isFinite);
    expect(row.n).toBe(finite.length);
    expect(row.mean).toBeCloseTo(finite.reduce((a, b) => a + b, 0) / finite.length, 12);
    expect(row.ci95[0]).toBeLessThanOrEqual(row.mean + 1e-12);
    expect(row.ci95[1]).toBeGreaterThanOrEqual(row.mean - 1e-12);
  }
  for (const c of r.checks) expect(['agrees', 'disagrees', 'inconclusive']).toContain(c.verdict);
}

describe('reproduction rows', () => {
  it('resultRow: mean and seeded interval of the finite values; NaN values are counted out', () => {
    const r = resultRow('m', 'a', 'x', [1, 2, NaN, 3], 7);
    expect([r.mean, r.n, r.perSample.length]).toEqual([2, 3, 4]);
    expect(resultRow('m', 'a', 'x', [1, 2, NaN, 3], 7).ci95).toEqual(r.ci95);
    expect(resultRow('m', 'a', 'x', [NaN], 7).n).toBe(0);
  });
  it('localisation checks: a method better on every sample agrees, worse disagrees, equal is inconclusive', () => {
    const rows: ResultRow[] = [];
    const models = ['std', 'rob'];
    for (const model of models)
      for (const method of [...LOCALISATION_METHODS, 'sm-bsm', 'ig-big'])
        for (const metric of [...LOCALISATION_METRICS, 'l2-distance', 'l2-distance-unit']) {
          // BIG beats IG by 0.1 on each sample; everything else equal across methods; the robust model halves the distances.
          const base = [0.2, 0.4, 0.6, 0.3];
          const v = base.map((q) => (method === 'big' ? q + 0.1 : method === 'sm-bsm' || method === 'ig-big' ? (model === 'rob' ? q / 2 : q) : q));
          rows.push(resultRow(model, method, metric, v, 0));
        }
    const checks = localisationChecks(rows, models, 0);
    expect(checks).toHaveLength(4 * 4 + 4);
    expect(checks.filter((c) => c.claim.includes('BIG has higher')).every((c) => c.verdict === 'agrees')).toBe(true);
    expect(checks.filter((c) => c.claim.includes('BSM has higher')).every((c) => c.verdict === 'inconclusive')).toBe(true);
    expect(checks.filter((c) => c.claim.includes('smaller on rob')).every((c) => c.verdict === 'agrees')).toBe(true);
    const reversed = localisationChecks(rows.map((r) => (r.method === 'big' ? { ...r, perSample: r.perSample.map((q) => q - 0.2) } : r)), models, 0);
    expect(reversed.filter((c) => c.claim.includes('BIG has higher')).every((c) => c.verdict === 'disagrees')).toBe(true);
  });
  it('the black-pixel share by hand; the precomputed explainer answers rows in any order and refuses an input it was not given', async () => {
    expect(Array.from(positiveShareOnBlack(tensor(Float32Array.of(0, 1, 0, 1), [2, 2]), tensor(Float32Array.of(3, 1, -5, 0), [2, 2])))).toEqual([0.75, NaN]);
    const x = tensor(Float32Array.of(1, 2, 3, 4), [2, 2]);
    const e = precomputed(x, tensor(Float32Array.of(10, 20, 30, 40), [2, 2]));
    const swapped = await e(undefined as never, tensor(Float32Array.of(3, 4, 1, 2), [2, 2]), Int32Array.of(0, 0));
    expect(Array.from(swapped.data)).toEqual([30, 40, 10, 20]);
    await expect(e(undefined as never, tensor(Float32Array.of(9, 9), [1, 2]), Int32Array.of(0))).rejects.toThrow(/row 0 of the batch is not one of the 2/);
  });
});

describe('reproductions on tiny samples (seed 0)', () => {
  it('(a) localisation: 7 methods x (4 metrics + 1 diagnostic) + 4 alignment rows per model, scores in their ranges, IG\'s zero baseline puts nothing on black pixels, the files written', async () => {
    const r = await reproduceLocalisation({ n: 2, seed: 0 });
    expectConsistent(r);
    expect(r.results).toHaveLength(2 * (7 * 5 + 4));
    // IG from a zero baseline is exactly 0 wherever the canvas is 0
    for (const row of r.results.filter((q) => q.method === 'ig' && q.metric === BLACK_SHARE)) expect(row.perSample).toEqual([0, 0]);
    expect(r.checks).toHaveLength(20);
    for (const row of r.results.filter((q) => ['localisation', 'energy-game', 'positive-percentage'].includes(q.metric)))
      for (const v of row.perSample.filter(Number.isFinite)) { expect(v).toBeGreaterThanOrEqual(0); expect(v).toBeLessThanOrEqual(1); }
    // unit-normalised distances lie in [0, 2]
    for (const row of r.results.filter((q) => q.metric === 'l2-distance-unit')) for (const v of row.perSample) expect(v).toBeLessThanOrEqual(2 + 1e-6);
    const dir = mkdtempSync(join(tmpdir(), 'repro-'));
    try {
      writeReproduction(dir, { ...r, command: 'pnpm repro:localisation --n 2', seconds: 1, date: '2026-01-01' });
      const json = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
      expect([json.seed, json.n, json.command, json.results.length]).toEqual([0, 2, 'pnpm repro:localisation --n 2', r.results.length]);
      expect(readFileSync(join(dir, 'results.md'), 'utf8')).toContain('Command: `pnpm repro:localisation --n 2`');
    } finally {
      rmSync(dir, { recursive: true });
    }
  }, 90_000);
  it('(b) gini: the per-sample values equal the Gini of IG recomputed independently (core IG, the models README\'s Gini)', async () => {
    const n = 3;
    const r = await reproduceGini({ n, seed: 0 });
    expectConsistent(r);
    expect(r.results.map((q) => q.model)).toEqual(['mnist-standard', 'mnist-pgd-linf', 'mnist-l1']);
    const ds = mnistTest();
    const model = await loadModel(modelPath('mnist-pgd-linf'));
    try {
      const { attribution } = await integratedGradients(model, tensor(ds.x.slice(0, n * 784), [n, 1, 28, 28]), { target: Array.from(ds.y.slice(0, n)), steps: 32 });
      const row = r.results.find((q) => q.model === 'mnist-pgd-linf')!;
      for (let s = 0; s < n; s++) expect(row.perSample[s]).toBeCloseTo(referenceGini(attribution.data.subarray(s * 784, (s + 1) * 784)), 6);
    } finally {
      await model.dispose();
    }
  }, 60_000);
  it('(c) axai bands: per-sample values are 0/1 over the flipped digits, the same digits in every band', async () => {
    const r = await reproduceAxaiBands({ n: 3, seed: 0 });
    expectConsistent(r);
    expect(r.results).toHaveLength(2 * 8);
    const evaluated = r.results[0]!.perSample.map(Number.isFinite);
    for (const row of r.results) {
      expect(row.perSample.map(Number.isFinite)).toEqual(evaluated);
      for (const v of row.perSample.filter(Number.isFinite)) expect([0, 1]).toContain(v);
    }
  }, 60_000);
  it('(d) sanity: the input-only control keeps similarity exactly 1 after every layer; saliency decorrelates', async () => {
    const r = await reproduceSanity({ n: 3, seed: 0, models: ['mnist-standard'] });
    expectConsistent(r);
    const control = r.results.filter((q) => q.method === 'input (control)');
    expect(control).toHaveLength(3 + 1);
    for (const row of control) for (const v of row.perSample) expect(v).toBeCloseTo(1, 12);
    const last = r.results.find((q) => q.method === 'saliency' && q.metric === 'spearman |a| after top 3 of 3 layers')!;
    expect(last.mean).toBeLessThan(0.5);
  }, 60_000);
});
