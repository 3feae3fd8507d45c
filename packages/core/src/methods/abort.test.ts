/**
 * Every method of the registry stops on its AbortSignal: aborted before it starts, it makes at
 * most one step's model calls; aborted at its first progress step (before its last), it throws an
 * AbortError after at most one more step. A
 * method that ignored its signal would run to the end and fail these.
 */
import { describe, expect, it } from 'vitest';
import type { GradientModel } from '../gradient-model.js';
import { Rng } from '../rng.js';
import type { Tensor } from '../tensor.js';
import { LinearModel } from '../testing/linear-model.js';
import { resolveAttackNorm, runAttack } from './attack-runner.js';
import type { AttackRequest } from './attack-types.js';
import { ATTACK_METHODS, EXPLANATION_METHODS } from './registry.js';

const inner = new LinearModel([1, 8, 8], 3, new Rng(7).fillNormal(3 * 64));
const x: Tensor = { data: Float32Array.from(new Rng(3).fillNormal(64), (v) => 0.5 + 0.2 * Math.tanh(v)), shape: [1, 1, 8, 8] };

/** The linear model, counting its calls. */
function counted(): GradientModel & { calls: number } {
  const m = {
    specificationVersion: 'v1' as const, inputShape: inner.inputShape, classes: inner.classes, calls: 0,
    logits: (t: Tensor) => { m.calls++; return inner.logits(t); },
    vjp: (t: Tensor, c: Tensor) => { m.calls++; return inner.vjp(t, c); },
    dispose: async () => {},
  };
  return m;
}

const aborted = (): AbortSignal => { const c = new AbortController(); c.abort(); return c.signal; };
const isAbort = (e: unknown) => (e as Error).name === 'AbortError';

/** A request each attack accepts on the 3-class linear model. */
const request = (name: (typeof ATTACK_METHODS)[number]['name']): AttackRequest => ({
  attack: name, norm: resolveAttackNorm(name, undefined), seed: 0, steps: 50,
  ...(name === 'jsma' ? { target: 1 } : {}), ...(['fgsm', 'pgd', 'apgd-ce', 'apgd-dlr', 'fw'].includes(name) ? { eps: 0.3 } : {}),
});

describe('abort: explanation methods', () => {
  for (const m of EXPLANATION_METHODS)
    it(`${m.name} stops on an aborted signal before its work`, async () => {
      const model = counted();
      const err = await m.explain(model, x, {}, { signal: aborted() }).then(() => undefined, (e: unknown) => e);
      expect(isAbort(err)).toBe(true);
      expect(model.calls).toBeLessThanOrEqual(2);
    });

  for (const m of EXPLANATION_METHODS.filter((d) => d.progressSteps(d.resolve({}) as never, 1) !== 0))
    it(`${m.name} stops within one step of an abort during the run`, async () => {
      const model = counted(), c = new AbortController();
      let steps = 0, atAbort = 0, last = false;
      const onStep = (done: number, total: number) => { if (++steps === 1) { c.abort(); atAbort = model.calls; last = done >= total; } };
      const err = await m.explain(model, x, { steps: 640, samples: 640 }, { signal: c.signal, onStep }).then(() => undefined, (e: unknown) => e);
      // Aborted at its last step, a run may complete; before it, it must stop.
      if (!last) expect(isAbort(err)).toBe(true);
      expect(steps).toBeLessThanOrEqual(2);
      // At most one more batched call (the step in flight) after the abort.
      expect(model.calls - atAbort).toBeLessThanOrEqual(2);
    });
});

describe('abort: attacks', () => {
  for (const a of ATTACK_METHODS)
    it(`${a.name} stops on an aborted signal, and within one step of an abort during the run`, async () => {
      const model = counted();
      const before = await runAttack(model, x, request(a.name), { signal: aborted() }).then(() => undefined, (e: unknown) => e);
      expect(isAbort(before)).toBe(true);
      expect(model.calls).toBeLessThanOrEqual(2);
      const m2 = counted(), c = new AbortController();
      let steps = 0, last = false;
      const onStep = (done: number, total: number) => { if (++steps === 1) { c.abort(); last = done >= total; } };
      const during = await runAttack(m2, x, request(a.name), { signal: c.signal, onStep }).then(() => undefined, (e: unknown) => e);
      // Aborted at its last step (FGSM has one), a run may complete; before it, it must stop.
      if (steps > 0 && !last) expect(isAbort(during)).toBe(true);
      expect(steps).toBeLessThanOrEqual(2);
    });
});
