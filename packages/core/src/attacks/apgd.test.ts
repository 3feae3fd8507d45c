import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AxplainError } from '../errors.js';
import type { GradientModel } from '../gradient-model.js';
import type { Tensor } from '../tensor.js';
import { Rng } from '../rng.js';
import { predictions } from '../targets.js';
import { LinearModel, ReluModel } from '../testing/linear-model.js';
import { apgd, apgdCheckpoints } from './apgd.js';
import { affinePair, count, reluNet, WIDE } from './attack-fixtures.test-util.js';
import { pgd } from './pgd.js';

/** Delegates to a model and records every point whose gradient is asked for. */
function recording(model: GradientModel): GradientModel & { queried: number[][] } {
  const queried: number[][] = [];
  return {
    specificationVersion: 'v1', inputShape: model.inputShape, classes: model.classes, queried,
    logits: (x: Tensor) => model.logits(x),
    vjp: (x: Tensor, ct: Tensor) => { queried.push([...x.data]); return model.vjp(x, ct); },
    dispose: () => model.dispose(),
  };
}

/** 1-D, 2 classes: z0 = 0, z1 = -|x - c| - 10. Never fooled; the CE loss peaks at x = c. */
const tent = (c: number) => new ReluModel([1], 2, Float32Array.of(1, -1), Float32Array.of(-c, c), Float32Array.of(0, 0, -1, -1), Float32Array.of(0, -10));

describe('AutoPGD schedule', () => {
  it('checkpoints: 0.22 N, then intervals shrinking by 0.03 N down to 0.06 N', () => {
    expect(apgdCheckpoints(100)).toEqual([22, 41, 57, 70, 80, 87, 93, 99]);
    expect(apgdCheckpoints(10)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(apgdCheckpoints(1)).toEqual([1]);
  });
  it('step halving with reset to x_best homes in on a loss peak that fixed-step PGD oscillates around', async () => {
    const c = 0.5;
    const x = { data: Float32Array.of(c + 0.3), shape: [1, 1] };
    const a = recording(tent(c));
    const r = await apgd(a, x, { eps: 1, box: WIDE, steps: 100, randomStart: false });
    expect(r.success[0]).toBe(0);
    expect([...r.adversarial.data]).toEqual([...x.data]);
    expect(a.queried.length).toBe(100);
    const distA = a.queried.map((q) => Math.abs(q[0]! - c));
    expect(Math.min(...distA)).toBeLessThan(0.01);
    // The step shrinks: the last iterates move far less than the first (eta0 = 2 eps).
    const moves = a.queried.slice(1).map((q, i) => Math.abs(q[0]! - a.queried[i]![0]!));
    expect(Math.max(...moves.slice(0, 5))).toBeGreaterThan(0.5);
    expect(Math.max(...moves.slice(-10))).toBeLessThan(0.05);
    // PGD with the same step bounces between c + 0.3 and c - 0.7 forever.
    const p = recording(tent(c));
    await pgd(p, x, { eps: 1, box: WIDE, steps: 100, randomStart: false, relativeStepSize: 2 });
    expect(Math.min(...p.queried.map((q) => Math.abs(q[0]! - c)))).toBeGreaterThan(0.29);
  });
  it('one iteration is one plain step of eta0 = 2 eps (no momentum)', async () => {
    const { model, x } = reluNet(4, 6, 4, 10);
    for (const norm of ['linf', 'l2'] as const) {
      const a = await apgd(model, x, { norm, eps: 0.1, steps: 1, randomStart: false });
      const b = await pgd(model, x, { norm, eps: 0.1, steps: 1, randomStart: false, relativeStepSize: 2 });
      expect([...a.adversarial.data]).toEqual([...b.adversarial.data]);
    }
  });
});

describe('AutoPGD strength', () => {
  it('affine 2-class: exact threshold |f| / ||w||_dual (the first step reaches the ball boundary)', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 10 }), fc.constantFrom('linf' as const, 'l2' as const), async (seed, d, norm) => {
      const { model, x, dist } = affinePair(seed, d);
      expect((await apgd(model, x, { norm, eps: dist[norm] * 1.01, box: WIDE, steps: 10, seed })).success[0]).toBe(1);
      expect((await apgd(model, x, { norm, eps: dist[norm] * 0.99, box: WIDE, steps: 10, seed })).success[0]).toBe(0);
    }), { numRuns: 50 });
  });
  it('APGD-CE >= PGD at equal budget (20 gradient calls) on ReLU populations, whatever PGD step', async () => {
    for (const seed of [1, 2, 3])
      for (const norm of ['linf', 'l2'] as const) {
        const { model, x } = reluNet(seed, 10, 5, 100, 32);
        const eps = norm === 'linf' ? 0.05 : 0.15;
        const a = count((await apgd(model, x, { norm, eps, steps: 20, seed })).success);
        for (const rel of [0.03, 0.1, 0.25]) expect(a).toBeGreaterThanOrEqual(count((await pgd(model, x, { norm, eps, steps: 20, relativeStepSize: rel, seed })).success));
        const t = count((await apgd(model, x, { norm, eps, steps: 10, seed, loss: 'dlr-targeted', targetClasses: 2 })).success);
        expect(t).toBeGreaterThanOrEqual(count((await pgd(model, x, { norm, eps, steps: 20, relativeStepSize: 0.1, seed })).success));
      }
  });
  it('more restarts never lower success (per sample)', async () => {
    const { model, x } = reluNet(7, 6, 4, 40);
    const one = await apgd(model, x, { eps: 0.05, steps: 8, seed: 2 });
    const three = await apgd(model, x, { eps: 0.05, steps: 8, seed: 2, restarts: 3 });
    for (let i = 0; i < 40; i++) expect(three.success[i]).toBeGreaterThanOrEqual(one.success[i]!);
  });
  it('targeted DLR reaches the target class', async () => {
    const rng = new Rng(3);
    const model = new LinearModel([6], 5, rng.fillNormal(30), rng.fillNormal(5));
    const x = { data: rng.fillUniform(120, 0, 1), shape: [20, 6] };
    const target = Array.from({ length: 20 }, (_, i) => i % 5);
    const r = await apgd(model, x, { eps: 1, box: WIDE, loss: 'dlr', targeted: true, target, steps: 30 });
    const ce = await apgd(model, x, { eps: 1, box: WIDE, targeted: true, target, steps: 30 });
    expect(count(r.success)).toBeGreaterThan(12);
    expect(count(r.success)).toBeGreaterThanOrEqual(count(ce.success) - 2);
    const pred = predictions(r.logits);
    for (let i = 0; i < 20; i++) expect(r.success[i]).toBe(+(pred[i] === target[i]));
  });
});

describe('AutoPGD options', () => {
  it('DLR refuses < 3 classes, targeted DLR and APGD-T < 4, with the loss error', async () => {
    const two = affinePair(1, 3);
    await expect(apgd(two.model, two.x, { loss: 'dlr' })).rejects.toThrow(/at least 3 classes, the model has 2/);
    await expect(apgd(two.model, two.x, { loss: 'dlr' })).rejects.toSatisfy(AxplainError.isInstance);
    const three = reluNet(1, 3, 3, 1);
    await expect(apgd(three.model, three.x, { loss: 'dlr-targeted' })).rejects.toThrow(/targeted DLR loss needs at least 4 classes/);
    await expect(apgd(three.model, three.x, { loss: 'dlr', targeted: true, target: 1 })).rejects.toThrow(/at least 4 classes/);
    await expect(apgd(three.model, three.x, { loss: 'dlr-targeted', targeted: true, target: 1 })).rejects.toThrow(/APGD-T/);
    await expect(apgd(three.model, three.x, { momentum: 0 })).rejects.toThrow(/momentum/);
  });
  it('APGD-T runs once per target class and restart (onStep restart index), only on unfooled samples', async () => {
    const { model, x } = reluNet(2, 4, 5, 2);
    const runs = new Set<number>();
    await apgd(model, x, { eps: 1e-4, steps: 2, loss: 'dlr-targeted', targetClasses: 3, restarts: 2, onStep: (s) => runs.add(s.restart!) });
    expect([...runs]).toEqual([0, 1, 2, 3, 4, 5]);
    const ac = new AbortController();
    await expect(apgd(model, x, { eps: 0.01, steps: 5, signal: ac.signal, onStep: () => ac.abort() })).rejects.toMatchObject({ name: 'AbortError' });
  });
});
