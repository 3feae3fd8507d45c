import { describe, expect, it } from 'vitest';
import { LinearModel } from '../../testing/linear-model.js';
import { maskGradient } from './masked-model.js';
import { reattackTest } from './reattack.js';

const WIDE = { lo: -100, hi: 100 };
// 12 distinct weights: f1 - f0 = w . x - m, so the first L2 attack's delta is eps w / ||w||
const w = [0.3, -2.5, 1.1, 4, -0.7, 0.05, -3.2, 2.2, -1.6, 0.9, -0.2, 1.7];
const model = new LinearModel([12], 2, Float32Array.from([...new Array<number>(12).fill(0), ...w]), Float32Array.of(0, 0));
const norm = Math.hypot(...w);
const alphas = [1, 10, 20, 30, 40, 50]; // tails of 1..6 lowest and highest weights

/** Indices of the tails at alpha, from the order of w: floor(alpha * 11 / 100) + 1 lowest and highest (no rank is an integer here). */
function tails(alpha: number): number[] {
  const k = Math.floor((alpha * 11) / 100) + 1;
  const order = w.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v).map((o) => o.i);
  return [...order.slice(0, k), ...order.slice(12 - k)];
}
const l2 = (idx: number[]) => Math.hypot(...idx.map((i) => w[i]!));

/** Samples x = -t w / ||w||^2 have margin f0 - f1 = t; t between consecutive reachable norms. */
function batch(ts: number[]) {
  const data = new Float32Array(12 * ts.length);
  ts.forEach((t, s) => w.forEach((v, i) => (data[s * 12 + i] = (-t * v) / norm ** 2)));
  return { data, shape: [ts.length, 12] };
}

describe('reattackTest on a linear model (exact band thresholds)', () => {
  const eps = 1;
  const reach = alphas.map((a) => eps * l2(tails(a))); // the most a tails-only L2 attack can move the margin
  // margins: below the alpha-1 reach, between each pair of reaches, and one beyond the full attack
  const margins = [0.5 * reach[0]!, ...reach.slice(1).map((r, i) => (r + reach[i]!) / 2), eps * norm * 1.1];

  it('tails flip exactly when eps ||w_tails|| exceeds the margin; flipAlpha is the first such alpha', async () => {
    const r = await reattackTest(model, batch(margins), { eps, alphas, box: WIDE });
    expect(Array.from(r.labels)).toEqual(new Array(margins.length).fill(0));
    expect(Array.from(r.found)).toEqual([1, 1, 1, 1, 1, 1, 0]);
    alphas.forEach((a, j) => {
      expect(r.tails[j]!.features[0]).toBe(tails(a).length);
      expect(Array.from(r.tails[j]!.flipped)).toEqual(margins.map((m, s) => (s < 6 && reach[j]! > m ? 1 : 0)));
    });
    expect(Array.from(r.flipAlpha.subarray(0, 6))).toEqual(alphas);
    expect(r.flipAlpha[6]).toBeNaN();
    // accuracy over the 6 found samples: 5/6, 4/6, ..., 0 — falling with alpha, as Table 4's right column
    expect(r.tails.map((b) => b.accuracy)).toEqual([5, 4, 3, 2, 1, 0].map((k) => k / 6));
    // middle band = the complement, reach eps sqrt(||w||^2 - ||w_tails||^2): rising accuracy with alpha
    r.middle.forEach((b, j) => {
      const mid = eps * Math.sqrt(norm ** 2 - reach[j]! ** 2);
      expect(Array.from(b.flipped)).toEqual(margins.map((m, s) => (s < 6 && mid > m ? 1 : 0)));
      if (j > 0) expect(b.accuracy).toBeGreaterThanOrEqual(r.middle[j - 1]!.accuracy);
    });
    expect(r.middle[alphas.length - 1]!.features[0]).toBe(0);
  });
  it("'masked-delta' applies the first delta on the band: the margin moves by eps ||w_tails||^2 / ||w||", async () => {
    const r = await reattackTest(model, batch(margins), { eps, alphas, box: WIDE, mode: 'masked-delta', middle: false });
    expect(r.middle).toEqual([]);
    alphas.forEach((a, j) => {
      const move = (eps * l2(tails(a)) ** 2) / norm;
      expect(Array.from(r.tails[j]!.flipped)).toEqual(margins.map((m, s) => (s < 6 && move > m ? 1 : 0)));
    });
    // never more flips than a fresh attack on the same band
    const fresh = await reattackTest(model, batch(margins), { eps, alphas, box: WIDE, middle: false });
    r.tails.forEach((b, j) => expect(b.accuracy).toBeGreaterThanOrEqual(fresh.tails[j]!.accuracy));
  });
  it('onlyFound false counts every sample; a given delta skips the first attack', async () => {
    const x = batch(margins);
    const all = await reattackTest(model, x, { eps, alphas: [50], box: WIDE, onlyFound: false, middle: false });
    expect(all.evaluated.every((v) => v === 1)).toBe(true);
    expect(all.tails[0]!.accuracy).toBeCloseTo(1 / 7, 12);
    let before = model.calls.vjp;
    const first = await reattackTest(model, x, { eps, alphas: [15], box: WIDE });
    const withAttack = model.calls.vjp - before;
    before = model.calls.vjp;
    const again = await reattackTest(model, x, { eps, alphas: [15], box: WIDE, delta: first.delta });
    expect(Array.from(again.found)).toEqual(Array.from(first.found));
    expect(Array.from(again.tails[0]!.flipped)).toEqual(Array.from(first.tails[0]!.flipped));
    // the first attack (20 gradient steps on the whole batch) is skipped; the band re-attacks are not
    expect(withAttack - (model.calls.vjp - before)).toBe(20);
  });
  it('rejects bad alphas and modes', async () => {
    await expect(reattackTest(model, batch([1]), { alphas: [60] })).rejects.toThrow(/alphas\[0\]: must be a percentage/);
    await expect(reattackTest(model, batch([1]), { alphas: [] })).rejects.toThrow(/at least one/);
    await expect(reattackTest(model, batch([1]), { mode: 'x' as never })).rejects.toThrow(/mode/);
  });
});

describe('maskGradient', () => {
  it('zeroes the gradient outside the mask and leaves logits alone', async () => {
    const m = maskGradient(model, [1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    const x = batch([1, 2]);
    const ct = { data: Float32Array.of(0, 1, 0, 1), shape: [2, 2] };
    const r = await m.vjp(x, ct);
    expect(Array.from(r.logits.data)).toEqual(Array.from((await model.logits(x)).data));
    expect(Array.from(r.grad.data.subarray(12), (v) => v + 0)).toEqual(w.map((v, i) => ([0, 2, 11].includes(i) ? Math.fround(v) : 0)));
    expect(() => maskGradient(model, [1])).toThrow(/mask: has 1 entries.*12 features/);
  });
});
