import { gradCheck } from '@axplain/node';
import { describe, expect, it } from 'vitest';
import { cumsumScan, rnnScan, twoInputScan } from './models.js';


describe('Scan', () => {
  it('cumulative sum: state and scan input cotangents', async () => {
    const r = await gradCheck(cumsumScan(), { wrt: ['s0', 'x'], direction: 'gradient', randomDirections: 2, seed: 4 });
    expect(r.maxRelError, JSON.stringify(r.perWrt.map((p) => [p.name, p.checks.map((c) => [c.kind, c.analytic, c.numeric])]))).toBeLessThan(1e-2);
  });
  for (const reversed of [false, true]) {
    it(`RNN step, sequence on axis 1, ${reversed ? 'reverse' : 'forward'} direction, captured weights`, async () => {
      const r = await gradCheck(rnnScan(9, reversed), { wrt: ['h0', 'x', 'w', 'u'], direction: 'gradient', randomDirections: 2, seed: 6 });
      expect(r.maxRelError, JSON.stringify(r.perWrt.map((p) => [p.name, p.checks.map((c) => [c.kind, c.analytic, c.numeric])]))).toBeLessThan(1e-2);
    });
  }
  it('two scan inputs (one reversed on axis 1), an int64 counter state, an unused scan output', async () => {
    const r = await gradCheck(twoInputScan(), { wrt: ['s0', 'a', 'b'], direction: 'gradient', randomDirections: 2, seed: 8 });
    expect(r.maxRelError, JSON.stringify(r.perWrt.map((p) => [p.name, p.checks.map((c) => [c.kind, c.analytic, c.numeric])]))).toBeLessThan(1e-2);
  });
});
