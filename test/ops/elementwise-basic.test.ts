import { describe, expect, it } from 'vitest';
import { checkCase, type OpCase } from '../support/op-case.js';

const CASES: OpCase[] = [
  { name: 'Relu', op: 'Relu', inputs: [{ shape: [2, 5] }] },
  { name: 'Add broadcast both ways', op: 'Add', inputs: [{ shape: [3, 1, 4] }, { shape: [5, 1] }] },
  { name: 'Sub with param', op: 'Sub', inputs: [{ shape: [2, 3] }, { shape: [3], kind: 'param' }] },
  { name: 'Relu opset 8', op: 'Relu', opset: 8, inputs: [{ shape: [4, 4] }] },
  { name: 'Add dynamic batch', op: 'Add', inputs: [{ shape: [2, 3], symbolic: ['N', 3] }, { shape: [3], kind: 'param' }] },
];

describe('elementwise basics', () => {
  for (const c of CASES)
    it(c.name, async () => {
      const r = await checkCase(c);
      expect(r.forwardMaxAbsDiff).toBe(0);
      expect(r.maxRelError).toBeLessThan(c.tol ?? 2e-2);
    });
});
