import { describe, expect, it } from 'vitest';
import { checkCase } from '../support/op-case.js';
import { LINALG_CASES } from './cases/linalg.js';

describe('linalg family gradients', () => {
  for (const c of LINALG_CASES)
    it(c.name, async () => {
      const r = await checkCase(c);
      expect(r.forwardMaxAbsDiff).toBe(0);
      expect(r.maxRelError).toBeLessThan(c.tol ?? 2e-2);
    });
});
