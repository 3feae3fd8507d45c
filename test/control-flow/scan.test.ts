import { gradCheck } from '@axplain/node';
import { describe, expect, it } from 'vitest';
import { cumsumScan, rnnScan } from './models.js';

const show = (r: Awaited<ReturnType<typeof gradCheck>>): string => JSON.stringify(r.perWrt.map((p) => [p.name, p.gradNorm, p.checks.map((c) => [c.kind, c.analytic, c.numeric])]));

describe('Scan', () => {
  it('cumulative sum: state and scan input cotangents', async () => {
    const r = await gradCheck(cumsumScan(), { wrt: ['s0', 'x'], direction: 'gradient', randomDirections: 2, seed: 4 });
    console.log(show(r));
    expect(r.maxRelError).toBeLessThan(1e-2);
  });
  for (const reversed of [false, true]) {
    it(`RNN step, sequence on axis 1, ${reversed ? 'reverse' : 'forward'} direction, captured weights`, async () => {
      const r = await gradCheck(rnnScan(9, reversed), { wrt: ['h0', 'x', 'w', 'u'], direction: 'gradient', randomDirections: 2, seed: 6 });
      console.log(show(r));
      expect(r.maxRelError).toBeLessThan(1e-2);
    });
  }
});
