/**
 * Second order through control flow: the first-order gradient graph (which holds a backward If,
 * or a recording Loop/Scan and a backward Loop) is compiled again, d(x_grad . c)/dx checked
 * against finite differences of the first-order graph.
 */
import { compile, type ModelProto } from '@axplain/onnx';
import { gradCheck } from '@axplain/node';
import { describe, expect, it } from 'vitest';
import { rnnScan, tanhLoop, twoStageDetector } from './models.js';

const cases: [string, () => ModelProto, Record<string, Float32Array>?][] = [
  ['If (verifier branch)', () => twoStageDetector(3), { x: Float32Array.from([0.9, -0.4, 0.5, 0.2]) }],
  ['Loop (3 trips)', () => tanhLoop(7, 3)],
  ['Scan (RNN step)', () => rnnScan(9, false)],
];

describe('second order through control flow', () => {
  for (const [name, build, feeds] of cases) {
    it(name, async () => {
      const first = compile(build(), { wrt: ['x'] }).model;
      const r = await gradCheck(first, { wrt: ['x'], of: 'x_grad', feeds, direction: 'gradient', randomDirections: 2, seed: 1 });
      expect(r.perWrt[0]!.gradNorm).toBeGreaterThan(0);
      expect(r.maxRelError).toBeLessThan(1e-2);
    });
  }
});
