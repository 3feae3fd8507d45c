import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.js';
import { LinearModel } from '../testing/linear-model.js';
import { count } from './attack-fixtures.test-util.js';
import { quantizeAttackResult } from './quantize.js';
import { finishAttack, perturbationNorms } from './result.js';

const D = 20;
const N = 60;

/**
 * A 2-class affine model on [0, 1]^20, inputs on the 8-bit grid, and "attack results" just past
 * the boundary: x moved along -f·w/||w||² by (1 + 1e-3) of the distance, as a minimal-L2 attack
 * ends. Rounding to the grid undoes many of them.
 */
async function borderline() {
  const rng = new Rng(4);
  const W = rng.fillNormal(2 * D);
  const model = new LinearModel([D], 2, W, Float32Array.from([0, 0]));
  const w = Array.from({ length: D }, (_, i) => W[D + i]! - W[i]!);
  const ww = w.reduce((a, v) => a + v * v, 0);
  const x = Float32Array.from({ length: N * D }, () => Math.round(rng.uniform(0.3, 0.7) * 255) / 255);
  const adv = new Float32Array(x.length);
  for (let s = 0; s < N; s++) {
    const f = w.reduce((a, v, i) => a + v * x[s * D + i]!, 0);
    for (let i = 0; i < D; i++) adv[s * D + i] = Math.min(1, Math.max(0, x[s * D + i]! - (1 + 1e-3) * (f / ww) * w[i]!));
  }
  const xs = { data: x, shape: [N, D] };
  const labels = Int32Array.from({ length: N }, (_, s) => (w.reduce((a, v, i) => a + v * x[s * D + i]!, 0) > 0 ? 1 : 0));
  const raw = await finishAttack(model, xs, { data: adv, shape: [N, D] }, labels, false, new Int32Array(N));
  return { model, x: xs, raw };
}

const onGrid = (v: Float32Array): boolean => v.every((a) => Math.abs(a * 255 - Math.round(a * 255)) < 1e-3);

describe('quantizeAttackResult', () => {
  it('rounds to the 8-bit grid and pushes the examples rounding undid until they are adversarial again', async () => {
    const { model, x, raw } = await borderline();
    expect(count(raw.success)).toBeGreaterThan(0.9 * N);
    const q = await quantizeAttackResult(model, x, raw, { levels: 255, targeted: false });
    expect(onGrid(q.result.adversarial.data)).toBe(true);
    // Rounding really undid some: the case the push exists for.
    const undone = Array.from(raw.success).filter((v, s) => v && !q.roundedSuccess[s]).length;
    expect(undone).toBeGreaterThan(5);
    expect(count(q.pushed)).toBe(undone);
    // Every success of the attack is one of the saved example; success and norms are recomputed from it.
    const after = await finishAttack(model, x, q.result.adversarial, raw.labels, false, raw.iterations);
    expect(Array.from(q.result.success)).toEqual(Array.from(after.success));
    for (let s = 0; s < N; s++) if (raw.success[s]) expect(q.result.success[s]).toBe(1);
    expect(Array.from(q.result.norms.l2)).toEqual(Array.from(perturbationNorms(x, q.result.adversarial).l2));
    // Pushed examples went further along their own perturbation; the others are the plain rounding.
    for (let s = 0; s < N; s++) {
      if (q.pushed[s]) expect(q.scale[s]).toBeGreaterThan(1);
      else expect(q.scale[s]).toBe(1);
    }
  });

  it('reports failure where the budget leaves no room to push (an L2 budget equal to the unrounded norm)', async () => {
    const { model, x, raw } = await borderline();
    const eps = Math.max(...raw.norms.l2) * 0.999;
    const q = await quantizeAttackResult(model, x, raw, { levels: 255, targeted: false, eps, norm: 'l2', maxScale: 1.0005 });
    expect(count(q.pushed)).toBeLessThan(count(raw.success) - count(q.roundedSuccess));
    const undone = Array.from(raw.success).filter((v, s) => v && !q.roundedSuccess[s] && !q.pushed[s]).length;
    expect(undone).toBeGreaterThan(0);
    for (let s = 0; s < N; s++) if (raw.success[s] && !q.roundedSuccess[s] && !q.pushed[s]) expect(q.result.success[s]).toBe(0);
  });

  it('keeps a linf example inside its budget after rounding, and unchanged values bit-identical', async () => {
    const { model, x, raw } = await borderline();
    const eps = 3 / 255 + 1e-4;
    const q = await quantizeAttackResult(model, x, raw, { levels: 255, targeted: false, eps, norm: 'linf' });
    for (let s = 0; s < N; s++) expect(q.result.norms.linf[s]).toBeLessThanOrEqual(eps * (1 + 1e-6));
    const same = q.result.adversarial.data.filter((v, i) => Math.abs(v - x.data[i]!) < 1e-6);
    expect(same.length).toBeGreaterThan(0);
    q.result.adversarial.data.forEach((v, i) => { if (Math.abs(v - x.data[i]!) < 1e-6) expect(v).toBe(x.data[i]); });
  });

  it('never leaves an L2 budget: within one, rounding goes towards the clean input', async () => {
    const { model, x, raw } = await borderline();
    const eps = Math.max(...raw.norms.l2);
    const q = await quantizeAttackResult(model, x, raw, { levels: 255, targeted: false, eps, norm: 'l2' });
    for (let s = 0; s < N; s++) expect(q.result.norms.l2[s]).toBeLessThanOrEqual(eps * (1 + 1e-6));
    expect(count(q.pushed)).toBeGreaterThan(0);
  });

  it('rejects a grid of no steps', async () => {
    const { model, x, raw } = await borderline();
    await expect(quantizeAttackResult(model, x, raw, { levels: 0, targeted: false })).rejects.toThrow(/quantize: must be/);
  });
});
