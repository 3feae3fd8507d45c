/**
 * The op tables (test/ops/cases/*.ts), one family at a time: every row of a family's `cases` is
 * built into a one-node model, compiled and checked against central finite differences; every
 * row of its `rejected` must make `compile` throw the row's error. Tests beyond a table's rows
 * live in the family's own file (test/ops/<family>.test.ts).
 */
import { compile } from '@axplain/onnx';
import { describe, expect, it } from 'vitest';
import { buildCase, checkCase, type OpCase, type RejectedCase } from '../support/op-case.js';
import { CONV_CASES, CONV_REJECTED } from './cases/conv.js';
import { ELEMENTWISE_CASES, ELEMENTWISE_REJECTED } from './cases/elementwise.js';
import { LINALG_CASES } from './cases/linalg.js';
import { NORM_CASES, NORM_REJECTED } from './cases/norm.js';
import { POOL_CASES, POOL_REJECTED } from './cases/pool.js';
import { REDUCE_CASES, REDUCE_REJECTED } from './cases/reduce.js';
import { RESAMPLE_CASES, RESAMPLE_REJECTED } from './cases/resample.js';
import { SHAPE_CASES, SHAPE_REJECTED } from './cases/shape.js';

interface Family {
  family: string;
  cases: OpCase[];
  rejected: RejectedCase[];
  /** Also require a nonzero gradient for the first differentiated input (rows where none is zero). */
  nonzeroGradient?: boolean;
}

const FAMILIES: Family[] = [
  { family: 'conv', cases: CONV_CASES, rejected: CONV_REJECTED },
  { family: 'elementwise', cases: ELEMENTWISE_CASES, rejected: ELEMENTWISE_REJECTED },
  { family: 'linalg', cases: LINALG_CASES, rejected: [] },
  { family: 'norm', cases: NORM_CASES, rejected: NORM_REJECTED },
  { family: 'pool', cases: POOL_CASES, rejected: POOL_REJECTED, nonzeroGradient: true },
  { family: 'reduce', cases: REDUCE_CASES, rejected: REDUCE_REJECTED },
  { family: 'resample', cases: RESAMPLE_CASES, rejected: RESAMPLE_REJECTED, nonzeroGradient: true },
  { family: 'shape', cases: SHAPE_CASES, rejected: SHAPE_REJECTED },
];

for (const { family, cases, rejected, nonzeroGradient } of FAMILIES) {
  describe(`${family} family gradients`, () => {
    for (const c of cases)
      it(c.name, async () => {
        const r = await checkCase(c);
        expect(r.forwardMaxAbsDiff).toBe(0);
        expect(r.maxRelError).toBeLessThan(c.tol ?? 2e-2);
        if (nonzeroGradient) expect(r.perWrt[0]!.gradNorm).toBeGreaterThan(0);
      });
  });

  if (rejected.length)
    describe(`${family} family rejections`, () => {
      for (const c of rejected)
        it(c.name, () => {
          const { model, wrt } = buildCase(c);
          expect(() => compile(model, { wrt })).toThrow(c.error);
        });
    });
}
