/**
 * Output readouts on a closed-form model: a LinearModel with 6 outputs read as a sequence [3, 2]
 * or a map [1, 2, 3]. The readout model's logits are W_r f(x) and its gradient W_r W (exact).
 */
import { describe, expect, it } from 'vitest';
import { greedyReadout, positionsReadout, readoutModel, rectangleMask, regionReadout } from './output-readout.js';
import { integratedGradients } from './attributions/integrated-gradients.js';
import { LinearModel } from './testing/linear-model.js';
import { TargetError } from './errors.js';

// f(x) = W x, x in R^4, 6 outputs; W[j, i] = (j + 1) * (i - 1.5).
const W = Float32Array.from({ length: 24 }, (_, k) => (Math.floor(k / 4) + 1) * ((k % 4) - 1.5));
const withShape = (outputShape: number[]) => Object.assign(new LinearModel([4], 6, W), { outputShape });
const x = { data: Float32Array.of(1, -2, 0.5, 3, 0, 1, 2, -1), shape: [2, 4] };
const f = (n: number, j: number) => { let s = 0; for (let i = 0; i < 4; i++) s += W[j * 4 + i]! * x.data[n * 4 + i]!; return s; };

describe('output readouts', () => {
  it('positions: score = sum of the chosen logits, gradient = sum of their weight rows', async () => {
    const m = withShape([3, 2]);
    const r = readoutModel(m, positionsReadout(m, [[0, 1], [2, 0]]));
    const { logits, grad } = await r.vjp(x, { data: Float32Array.of(1, 2), shape: [2, 1] });
    expect(logits.data[0]).toBeCloseTo(f(0, 1) + f(0, 4), 5);
    expect(logits.data[1]).toBeCloseTo(f(1, 1) + f(1, 4), 5);
    for (let i = 0; i < 4; i++) expect(grad.data[4 + i]).toBeCloseTo(2 * (W[4 + i]! + W[16 + i]!), 5);
  });

  it('greedy: the argmax at every position of each sample; sample n is class n', async () => {
    const m = withShape([3, 2]);
    const z = await m.logits(x);
    const g = greedyReadout(m, z);
    const path = (n: number) => [0, 1, 2].map((t) => (f(n, 2 * t + 1) > f(n, 2 * t) ? 1 : 0));
    expect(g.labels).toEqual([`greedy path ${path(0).join(' ')}`, `greedy path ${path(1).join(' ')}`]);
    const r = readoutModel(m, g);
    const s = await r.logits(x);
    expect(s.data[0]).toBeCloseTo(path(0).reduce<number>((a, c, t) => a + f(0, 2 * t + c), 0), 5);
    // IG on a linear score is exact: completeness holds to rounding.
    const ig = await integratedGradients(r, x, { target: [0, 1], steps: 8 });
    const sum = ig.attribution.data.slice(4).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(s.data[3]!, 4);
  });

  it('region: the map summed over the mask', async () => {
    const m = withShape([1, 2, 3]);
    const mask = rectangleMask(m, { x0: 1, y0: 0, x1: 3, y1: 2 });
    expect([...mask]).toEqual([0, 1, 1, 0, 1, 1]);
    const s = await readoutModel(m, regionReadout(m, mask)).logits(x);
    expect(s.data[0]).toBeCloseTo(f(0, 1) + f(0, 2) + f(0, 4) + f(0, 5), 5);
  });

  it('errors name the shapes', () => {
    const seq = withShape([3, 2]);
    expect(() => positionsReadout(seq, [[3, 0]])).toThrow(TargetError);
    expect(() => positionsReadout(seq, [])).toThrow('give at least one (position, class) pair');
    expect(() => regionReadout(seq, new Float32Array(6).fill(1))).toThrow("region: needs a dense map output [N, 1, H, W]; this model's output is [N, 3, 2]");
    expect(() => greedyReadout(new LinearModel([4], 6, W), { data: new Float32Array(6), shape: [1, 6] })).toThrow("needs a sequence output [N, T, C]; this model's output is [N, 6]");
    const map = withShape([1, 2, 3]);
    expect(() => regionReadout(map, Float32Array.of(0, 0, 0, 0, 0, NaN))).toThrow('NaN or Infinity');
    expect(() => readoutModel(map, { weights: { data: new Float32Array(5), shape: [1, 5] }, about: '' })).toThrow('readout weights: expected shape [K, 6], got [1, 5]');
  });
});
