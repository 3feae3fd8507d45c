import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../rng.js';
import type { Tensor } from '../tensor.js';
import { describeConformance } from '../testing/conformance.js';
import { LinearModel, ReluModel } from '../testing/linear-model.js';
import { chain, ChainError, type ChainPart } from './chain.js';

// a: [6] -> [2, 3] (affine, output shaped), b: ReLU net [2, 3] -> [4], c: affine [4] -> [3].
function parts(seed = 1): ChainPart[] {
  const r = new Rng(seed);
  const a = Object.assign(new LinearModel([6], 6, r.fillNormal(36), r.fillNormal(6)), { outputShape: [2, 3] });
  const b = new ReluModel([2, 3], 4, r.fillNormal(8 * 6), r.fillNormal(8, 0.3), r.fillNormal(32), r.fillNormal(4));
  const c = new LinearModel([4], 3, r.fillNormal(12), r.fillNormal(3));
  return [a, b, c];
}

// Plain float64 composition of the three parts' forward maps (the original models, not the chain).
async function composed(ps: ChainPart[], x: Float64Array): Promise<Float64Array> {
  let h: Tensor = { data: Float32Array.from(x), shape: [1, 6] };
  for (const [i, p] of ps.entries()) {
    const z = await p.logits(h);
    h = { data: z.data, shape: [1, ...(i + 1 < ps.length ? ps[i + 1]!.inputShape : [p.classes])] };
  }
  return Float64Array.from(h.data);
}

describe('chain', () => {
  it('linear parts: the gradient is the closed form ct^T Wc Wb Wa', async () => {
    const r = new Rng(5);
    const wa = r.fillNormal(20), wb = r.fillNormal(12), wc = r.fillNormal(6);
    const m = chain([new LinearModel([5], 4, wa), new LinearModel([4], 3, wb), new LinearModel([3], 2, wc)]);
    const x = { data: r.fillNormal(5), shape: [1, 5] };
    const ct = { data: Float32Array.from([0.7, -1.3]), shape: [1, 2] };
    const { logits, grad } = await m.vjp(x, ct);
    // v = ct Wc (3) -> v Wb (4) -> v Wa (5)
    const mul = (v: number[], w: Float32Array, rows: number, cols: number) => Array.from({ length: cols }, (_, k) => v.reduce((s, vr, rr) => s + vr * w[rr * cols + k]!, 0));
    const expected = mul(mul(mul([0.7, -1.3], wc, 2, 3), wb, 3, 4), wa, 4, 5);
    expected.forEach((e, i) => expect(grad.data[i]).toBeCloseTo(e, 4));
    expect(Array.from(logits.data)).toEqual(Array.from((await m.logits(x)).data));
    expect(logits.shape).toEqual([1, 2]);
  });

  it('ReLU parts: the gradient matches central differences through the original parts, along it and in random directions', async () => {
    const ps = parts();
    const m = chain(ps);
    const r = new Rng(9);
    const x = Float64Array.from(r.fillNormal(6));
    const ct = Float64Array.from([0.4, -1.1, 0.8]);
    const { grad } = await m.vjp({ data: Float32Array.from(x), shape: [1, 6] }, { data: Float32Array.from(ct), shape: [1, 3] });
    const f = async (v: Float64Array) => (await composed(ps, v)).reduce((s, z, i) => s + z * ct[i]!, 0);
    const g = Float64Array.from(grad.data);
    const norm = Math.hypot(...g);
    expect(norm).toBeGreaterThan(0.1);
    const dirs = [g.map((v) => v / norm), ...[0, 1, 2].map(() => { const d = Float64Array.from(r.fillNormal(6)); const s = Math.hypot(...d); return d.map((v) => v / s); })];
    const h = 1e-2;
    for (const d of dirs) {
      const fd = ((await f(x.map((v, i) => v + h * d[i]!))) - (await f(x.map((v, i) => v - h * d[i]!)))) / (2 * h);
      const an = g.reduce((s, v, i) => s + v * d[i]!, 0);
      expect(Math.abs(fd - an)).toBeLessThan(2e-3 * Math.max(1, Math.abs(fd)));
    }
  });

  it('rows of a batch are independent', async () => {
    const m = chain(parts());
    const r = new Rng(2);
    const x = { data: r.fillNormal(12), shape: [2, 6] };
    const ct = { data: r.fillNormal(6), shape: [2, 3] };
    const both = await m.vjp(x, ct);
    const second = await m.vjp({ data: x.data.slice(6), shape: [1, 6] }, { data: ct.data.slice(3), shape: [1, 3] });
    expect(Array.from(both.grad.data.slice(6))).toEqual(Array.from(second.grad.data));
    expect(both.grad.shape).toEqual([2, 6]);
  });

  it('mismatched shapes: a clear error naming the two parts and their shapes', () => {
    const [a, , c] = parts();
    expect(() => chain([a!, c!], { names: ['mel.onnx', 'head.onnx'] })).toThrow(ChainError);
    expect(() => chain([a!, c!], { names: ['mel.onnx', 'head.onnx'] })).toThrow("mel.onnx outputs [2, 3] per sample but head.onnx takes [4] per sample");
    // same element count, different shape: still refused
    const b2 = new LinearModel([3, 2], 4, new Float32Array(24));
    expect(() => chain([a!, b2])).toThrow('part 1 outputs [2, 3] per sample but part 2 takes [3, 2] per sample');
    expect(() => chain([])).toThrow(ChainError);
    expect(() => chain([a!], { names: ['x', 'y'] })).toThrow('2 names given for 1 parts');
  });

  it('takes the last part\'s classes and labels, disposes every part, refuses calls after', async () => {
    const ps = parts();
    const last = Object.assign(ps[2]!, { labels: ['a', 'b', 'c'] });
    const m = chain([ps[0]!, ps[1]!, last]);
    expect([m.classes, m.inputShape, m.labels, m.outputShape]).toEqual([3, [6], ['a', 'b', 'c'], [3]]);
    await m.dispose();
    expect(ps.map((p) => (p as unknown as { disposed: boolean }).disposed)).toEqual([true, true, true]);
    await expect(m.logits({ data: new Float32Array(6), shape: [1, 6] })).rejects.toThrow('disposed');
  });

  it('intermediates: each part\'s output, shaped', async () => {
    const m = chain(parts());
    const outs = await m.intermediates({ data: new Rng(3).fillNormal(6), shape: [1, 6] });
    expect(outs.map((o) => o.shape)).toEqual([[1, 2, 3], [1, 4], [1, 3]]);
  });
});

describeConformance('chain of three parts', () => chain(parts(4)), { describe, it, expect, afterAll });
