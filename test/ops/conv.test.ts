import { compile } from '@axplain/onnx';
import { describe, expect, it } from 'vitest';
import { buildCase, checkCase } from '../support/op-case.js';
import { CONV_CASES, CONV_REJECTED } from './cases/conv.js';

describe('conv family gradients', () => {
  for (const c of CONV_CASES)
    it(c.name, async () => {
      const r = await checkCase(c);
      expect(r.forwardMaxAbsDiff).toBe(0);
      expect(r.maxRelError).toBeLessThan(c.tol ?? 2e-2);
    });
});

describe('conv family rejections', () => {
  for (const c of CONV_REJECTED)
    it(c.name, () => {
      const { model, wrt } = buildCase(c);
      expect(() => compile(model, { wrt })).toThrow(c.error);
    });
});
