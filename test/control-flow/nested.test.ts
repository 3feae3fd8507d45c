import { gradCheck } from '@axplain/node';
import { describe, expect, it } from 'vitest';
import { nestedLoopIf } from './models.js';

describe('nested control flow', () => {
  for (const [c, inner] of [[1, 1], [1, 0], [0, 1]]) {
    it(`If > Loop > If (outer ${c ? 'then' : 'else'}, inner ${inner ? 'then' : 'else'})`, async () => {
      const feeds = { c: Float32Array.from([c!]), inner: Float32Array.from([inner!]) } as Record<string, Float32Array>;
      const r = await gradCheck(nestedLoopIf(11), { wrt: ['x', 'w', 's'], feeds, direction: 'gradient', randomDirections: 2, seed: 4 });
      expect(r.maxRelError).toBeLessThan(1e-2);
      // x always matters; w only through the inner then-branch, s only through the inner else-branch, both inside the outer then.
      expect(r.perWrt[0]!.gradNorm).toBeGreaterThan(0);
      expect(r.perWrt[1]!.gradNorm > 0).toBe(c === 1 && inner === 1);
      expect(r.perWrt[2]!.gradNorm > 0).toBe(c === 1 && inner === 0);
    });
  }
});
