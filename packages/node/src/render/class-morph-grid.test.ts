import { classMorph, type PreprocessSpec } from '@axplain/core';
import { LinearModel } from '@axplain/core/testing';
import { describe, expect, it } from 'vitest';
import { classMorphGrid } from './class-morph-grid.js';

const spec: PreprocessSpec = { width: 4, height: 2, channels: 'grey' };

describe('classMorphGrid', () => {
  it('titles every class with its success and probability, the input first', async () => {
    // Two classes scoring pixel 0 and pixel 1: the clean input (0.75 vs 0.5) is class 0.
    const w = new Float32Array(16);
    w[0] = 1; w[8 + 1] = 1;
    const model = new LinearModel([1, 2, 4], 2, w);
    const x = { data: Float32Array.of(0.75, 0.5, 0, 0, 0, 0, 0, 0), shape: [1, 1, 2, 4] };
    const morph = await classMorph(model, x, { eps: 0.5, steps: 5 });
    expect(Array.from(morph.success)).toEqual([1, 1]);
    const g = classMorphGrid({ input: x, morph, spec, labels: ['zero', 'one'], minSize: 64 });
    const titles = g.cells.map((c) => c.title?.text);
    expect(titles[0]).toBe('input zero');
    expect(titles[1]).toMatch(/^zero ok 0\.\d\d$/);
    expect(titles[2]).toMatch(/^one ok 0\.\d\d$/);
    const failed = classMorphGrid({ input: x, morph: { ...morph, success: Uint8Array.of(1, 0) }, spec, minSize: 64 });
    expect(failed.cells[2]!.title?.text).toBe('1 no');
  });
});
