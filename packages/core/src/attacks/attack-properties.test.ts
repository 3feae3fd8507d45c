/**
 * Invariants every fixed-eps attack of this folder must keep, checked by fast-check over random
 * small linear and ReLU models, shapes, budgets and seeds (one table row per attack).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GradientModel } from '../gradient-model.js';
import { Rng } from '../rng.js';
import { predictions } from '../targets.js';
import { sliceBatch, type Tensor } from '../tensor.js';
import { LinearModel, ReluModel } from '../testing/linear-model.js';
import { apgd } from './apgd.js';
import { fgsm, tgsm } from './fgsm.js';
import { iterativeTgsm } from './iterative-tgsm.js';
import { lpNorm } from './norms.js';
import { bim, pgd } from './pgd.js';
import type { AttackOptions, AttackResult, Norm } from './types.js';

type Run = (m: GradientModel, x: Tensor, o: AttackOptions) => Promise<AttackResult>;
interface Row { name: string; run: Run; norm: Norm; targeted?: boolean; minClasses?: number }

const rows: Row[] = [
  { name: 'pgd linf', norm: 'linf', run: (m, x, o) => pgd(m, x, { ...o, norm: 'linf', steps: 8, restarts: 2, relativeStepSize: 0.25 }) },
  { name: 'pgd l2', norm: 'l2', run: (m, x, o) => pgd(m, x, { ...o, norm: 'l2', steps: 8, relativeStepSize: 0.3 }) },
  { name: 'pgd l1', norm: 'l1', run: (m, x, o) => pgd(m, x, { ...o, norm: 'l1', steps: 8, relativeStepSize: 0.3, l1Quantile: 0.5 }) },
  { name: 'pgd linf margin, no early stop', norm: 'linf', run: (m, x, o) => pgd(m, x, { ...o, loss: 'margin', steps: 6, earlyStop: false }) },
  { name: 'pgd linf targeted', norm: 'linf', targeted: true, run: (m, x, o) => pgd(m, x, { ...o, steps: 8, relativeStepSize: 0.3 }) },
  { name: 'bim l2', norm: 'l2', run: (m, x, o) => bim(m, x, { ...o, norm: 'l2' }) },
  { name: 'fgsm', norm: 'linf', run: (m, x, o) => fgsm(m, x, o) },
  { name: 'tgsm', norm: 'linf', targeted: true, run: (m, x, o) => tgsm(m, x, o) },
  { name: 'iterative tgsm', norm: 'linf', targeted: true, run: (m, x, o) => iterativeTgsm(m, x, { ...o, target: o.target as number[] }) },
  { name: 'apgd-ce linf', norm: 'linf', run: (m, x, o) => apgd(m, x, { ...o, steps: 10, restarts: 2 }) },
  { name: 'apgd-ce l2', norm: 'l2', run: (m, x, o) => apgd(m, x, { ...o, norm: 'l2', steps: 10 }) },
  { name: 'apgd-ce l1', norm: 'l1', run: (m, x, o) => apgd(m, x, { ...o, norm: 'l1', steps: 10, l1Quantile: 0.5 }) },
  { name: 'apgd-dlr linf', norm: 'linf', minClasses: 3, run: (m, x, o) => apgd(m, x, { ...o, loss: 'dlr', steps: 10 }) },
  { name: 'apgd-t linf', norm: 'linf', minClasses: 4, run: (m, x, o) => apgd(m, x, { ...o, loss: 'dlr-targeted', steps: 6, targetClasses: 2 }) },
  { name: 'apgd-dlr targeted l2', norm: 'l2', targeted: true, minClasses: 4, run: (m, x, o) => apgd(m, x, { ...o, norm: 'l2', loss: 'dlr', steps: 8 }) },
];

interface Setup { model: GradientModel; x: Tensor; n: number; eps: number; target: number[]; seed: number }

const setup = fc.record({
  seed: fc.integer({ min: 0, max: 1_000_000 }),
  d: fc.integer({ min: 1, max: 6 }),
  classes: fc.integer({ min: 2, max: 5 }),
  n: fc.integer({ min: 1, max: 3 }),
  relu: fc.boolean(),
  eps: fc.double({ min: 0.01, max: 0.8, noNaN: true }),
});

function build(p: { seed: number; d: number; classes: number; n: number; relu: boolean; eps: number }, minClasses = 2): Setup {
  const rng = new Rng(p.seed);
  const c = Math.max(p.classes, minClasses);
  const h = 8;
  const model = p.relu
    ? new ReluModel([p.d], c, rng.fillNormal(h * p.d, 2), rng.fillNormal(h, 0.5), rng.fillNormal(c * h), rng.fillNormal(c, 0.3))
    : new LinearModel([p.d], c, rng.fillNormal(c * p.d, 2), rng.fillNormal(c, 0.5));
  const x = { data: rng.fillUniform(p.n * p.d, 0, 1), shape: [p.n, p.d] };
  const target = Array.from({ length: p.n }, () => Math.floor(rng.next() * c));
  return { model, x, n: p.n, eps: p.eps, target, seed: p.seed };
}

const opts = (row: Row, s: Setup, eps: number | number[] = s.eps): AttackOptions =>
  ({ eps, seed: s.seed, ...(row.targeted ? { targeted: true, target: s.target } : {}) });

const sampleDelta = (r: AttackResult, x: Tensor, s: number, d: number) =>
  Array.from({ length: d }, (_, i) => r.adversarial.data[s * d + i]! - x.data[s * d + i]!);

for (const row of rows)
  describe(`${row.name}: invariants (fast-check)`, () => {
    it('inside eps-ball and box, input untouched, success honest, targets reached', async () => {
      await fc.assert(fc.asyncProperty(setup, async (p) => {
        const s = build(p, row.minClasses);
        const before = Float32Array.from(s.x.data);
        const r = await row.run(s.model, s.x, opts(row, s));
        expect([...s.x.data]).toEqual([...before]);
        const d = p.d;
        for (let k = 0; k < s.n; k++) expect(lpNorm(sampleDelta(r, s.x, k, d), row.norm)).toBeLessThanOrEqual(s.eps * (1 + 1e-6));
        for (const v of r.adversarial.data) { expect(v).toBeGreaterThanOrEqual(0); expect(v).toBeLessThanOrEqual(1); }
        const pred = predictions(await s.model.logits(r.adversarial));
        const clean = predictions(await s.model.logits(s.x));
        for (let k = 0; k < s.n; k++) {
          expect(r.success[k]).toBe(row.targeted ? +(pred[k] === s.target[k]) : +(pred[k] !== clean[k]));
          expect(r.labels[k]).toBe(row.targeted ? s.target[k] : clean[k]);
          // Failed samples come back as the clean input.
          if (!r.success[k]) expect(sampleDelta(r, s.x, k, d).every((v) => v === 0)).toBe(true);
        }
        expect(r.norms[row.norm === 'linf' ? 'linf' : row.norm].length).toBe(s.n);
      }), { numRuns: 40 });
    });
    it('batch = samples one by one; scalar eps = per-sample vector', async () => {
      await fc.assert(fc.asyncProperty(setup, async (p) => {
        const s = build({ ...p, n: Math.max(p.n, 2) }, row.minClasses);
        const r = await row.run(s.model, s.x, opts(row, s));
        const rv = await row.run(s.model, s.x, opts(row, s, new Array(s.n).fill(s.eps)));
        expect([...rv.adversarial.data]).toEqual([...r.adversarial.data]);
        for (let k = 0; k < s.n; k++) {
          const one = await row.run(s.model, sliceBatch(s.x, k, k + 1), { ...opts(row, s), ...(row.targeted ? { target: [s.target[k]!] } : {}) });
          expect([...one.adversarial.data]).toEqual([...r.adversarial.data.subarray(k * p.d, (k + 1) * p.d)]);
          expect(one.success[0]).toBe(r.success[k]);
          expect(one.iterations[0]).toBe(r.iterations[k]);
        }
      }), { numRuns: 15 });
    });
    it('eps = 0 returns the input exactly', async () => {
      await fc.assert(fc.asyncProperty(setup, async (p) => {
        const s = build(p, row.minClasses);
        const r = await row.run(s.model, s.x, opts(row, s, 0));
        expect([...r.adversarial.data]).toEqual([...s.x.data]);
        expect(r.adversarial.data).not.toBe(s.x.data);
        if (!row.targeted) expect([...r.success]).toEqual(new Array(s.n).fill(0));
      }), { numRuns: 10 });
    });
  });
