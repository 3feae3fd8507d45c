import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { affinePair, count, reluNet, WIDE } from './attack-fixtures.test-util.js';
import { bim, pgd } from './pgd.js';
import type { Norm } from './types.js';

const norms: Norm[] = ['linf', 'l2', 'l1'];

describe('PGD on an affine 2-class model: succeeds just above the exact boundary distance, fails just below', () => {
  for (const norm of norms)
    it(`${norm}: threshold |f| / ||w||_dual (no random start)`, async () => {
      await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 12 }), fc.boolean(), async (seed, d, targeted) => {
        const { model, x, dist } = affinePair(seed, d);
        const target = targeted ? 1 - (await model.logits(x)).data.indexOf(Math.max(...(await model.logits(x)).data)) : undefined;
        const run = (eps: number) => pgd(model, x, { norm, eps, box: WIDE, randomStart: false, targeted, target });
        const above = await run(dist[norm] * 1.01);
        expect(above.success[0]).toBe(1);
        expect(above.norms[norm][0]).toBeLessThanOrEqual(dist[norm] * 1.01 * (1 + 1e-6));
        expect(above.norms[norm][0]).toBeGreaterThanOrEqual(dist[norm] * (1 - 1e-5));
        expect((await run(dist[norm] * 0.99)).success[0]).toBe(0);
      }), { numRuns: 60 });
    });
  it('linf with random start reaches the corner given enough steps', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 12 }), async (seed, d) => {
      const { model, x, dist } = affinePair(seed, d);
      expect((await pgd(model, x, { eps: dist.linf * 1.01, box: WIDE, steps: 70, seed })).success[0]).toBe(1);
    }), { numRuns: 40 });
  });
  it('the L1 step is sparse: one coordinate (the largest |w_i|) moves on a small input', async () => {
    const { model, x, dist } = affinePair(3, 10);
    const r = await pgd(model, x, { norm: 'l1', eps: dist.l1 * 1.2, box: WIDE, randomStart: false });
    expect(r.success[0]).toBe(1);
    expect(r.norms.l0[0]).toBe(1);
  });
  it('success never decreases along an eps ladder (affine: per sample; ReLU population: in rate)', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: 1e6 }), fc.array(fc.double({ min: 0, max: 2, noNaN: true }), { minLength: 2, maxLength: 6 }), async (seed, raw) => {
      const { model, x, dist } = affinePair(seed, 5);
      const ladder = raw.map((v) => v * dist.linf).sort((a, b) => a - b);
      const ok = [];
      for (const eps of ladder) ok.push((await pgd(model, x, { eps, box: WIDE, randomStart: false })).success[0]!);
      for (let i = 1; i < ok.length; i++) expect(ok[i]).toBeGreaterThanOrEqual(ok[i - 1]!);
    }), { numRuns: 30 });
    const { model, x } = reluNet(1, 6, 4, 60);
    let last = -1;
    for (const eps of [0, 0.02, 0.05, 0.1, 0.2, 0.4]) {
      const rate = count((await pgd(model, x, { eps, steps: 20, relativeStepSize: 0.1, seed: 3 })).success);
      expect(rate).toBeGreaterThanOrEqual(last);
      last = rate;
    }
    expect(last).toBeGreaterThan(40);
  });
});

describe('more steps and more restarts never lower success (per sample)', () => {
  it('steps S vs S + k, restarts r vs r + k (ReLU models, random starts)', async () => {
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 4 }), fc.constantFrom(...norms), fc.double({ min: 0.02, max: 0.5, noNaN: true }),
      async (seed, steps, extra, norm, eps) => {
        const { model, x } = reluNet(seed, 5, 3, 6);
        const base = { norm, eps: norm === 'linf' ? eps : 3 * eps, seed, relativeStepSize: 0.2, l1Quantile: 0.6 };
        const a = await pgd(model, x, { ...base, steps });
        const b = await pgd(model, x, { ...base, steps: steps + extra });
        const c = await pgd(model, x, { ...base, steps, restarts: 1 + extra });
        for (let i = 0; i < 6; i++) {
          expect(b.success[i]).toBeGreaterThanOrEqual(a.success[i]!);
          expect(c.success[i]).toBeGreaterThanOrEqual(a.success[i]!);
        }
      }), { numRuns: 40 });
  });
  it('restarts help on a population where single runs fail', async () => {
    const { model, x } = reluNet(8, 6, 4, 80);
    const one = count((await pgd(model, x, { eps: 0.08, steps: 5, seed: 1 })).success);
    const five = count((await pgd(model, x, { eps: 0.08, steps: 5, seed: 1, restarts: 5 })).success);
    expect(five).toBeGreaterThan(one);
  });
});

describe('early stopping and bookkeeping', () => {
  it('a fooled sample stops: iterations count gradient calls per sample; finished samples leave the batch', async () => {
    const { model, x, dist } = affinePair(5, 4);
    const r = await pgd(model, x, { eps: dist.linf * 2, box: WIDE, randomStart: false, relativeStepSize: 1 });
    expect(r.success[0]).toBe(1);
    expect(r.iterations[0]).toBe(1);
    const full = await pgd(model, x, { eps: dist.linf * 2, box: WIDE, randomStart: false, relativeStepSize: 1, steps: 7, earlyStop: false });
    expect(full.iterations[0]).toBe(7);
    expect(full.success[0]).toBe(1);
  });
  it('onStep reports progress per restart; an aborted signal rejects with AbortError', async () => {
    const { model, x } = reluNet(2, 4, 3, 3);
    const seen: string[] = [];
    await pgd(model, x, { eps: 0.001, steps: 3, restarts: 2, onStep: (s) => seen.push(`${s.restart}:${s.step}/${s.steps}`) });
    expect(seen).toEqual(['0:1/3', '0:2/3', '0:3/3', '1:1/3', '1:2/3', '1:3/3']);
    const ac = new AbortController();
    await expect(pgd(model, x, { eps: 0.001, steps: 5, onStep: () => ac.abort() , signal: ac.signal })).rejects.toMatchObject({ name: 'AbortError' });
    ac.abort();
    await expect(pgd(model, x, { signal: ac.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
  it('BIM: no random start, 10 steps of 0.2 eps: deterministic, seed-independent', async () => {
    const { model, x } = reluNet(4, 5, 3, 8);
    const a = await bim(model, x, { eps: 0.2, seed: 1 });
    const b = await bim(model, x, { eps: 0.2, seed: 2 });
    expect([...a.adversarial.data]).toEqual([...b.adversarial.data]);
    expect(Math.max(...a.iterations)).toBeLessThanOrEqual(10);
    const c = await pgd(model, x, { eps: 0.2, steps: 10, relativeStepSize: 0.2, randomStart: false });
    expect([...c.adversarial.data]).toEqual([...a.adversarial.data]);
  });
  it('rejects bad options naming them', async () => {
    const { model, x } = reluNet(4, 5, 3, 1);
    await expect(pgd(model, x, { steps: 1.5 })).rejects.toThrow(/steps: must be an integer >= 0/);
    await expect(pgd(model, x, { restarts: 0 })).rejects.toThrow(/restarts/);
    await expect(pgd(model, x, { stepSize: -1 })).rejects.toThrow(/stepSize/);
    await expect(pgd(model, x, { eps: -1 })).rejects.toThrow(/eps/);
    await expect(pgd(model, x, { norm: 'l3' as Norm })).rejects.toThrow(/norm/);
    await expect(pgd(model, x, { targeted: true })).rejects.toThrow(/target/);
    await expect(pgd(model, { data: new Float32Array(4), shape: [1, 4] })).rejects.toThrow(/expected shape \[N, 5\]/);
  });
});
