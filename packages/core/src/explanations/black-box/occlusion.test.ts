import { describe, expect, it } from 'vitest';
import { Rng } from '../../rng.js';
import type { Tensor } from '../../tensor.js';
import { LinearModel } from '../../testing/linear-model.js';
import { occlusion } from './occlusion.js';

describe('occlusion', () => {
  it('with window 1 and baseline 0 is W_y * x on an affine model, one evaluation per value plus the input', async () => {
    const D = 8, C = 3, N = 2;
    const rng = new Rng(1);
    const W = rng.fillNormal(C * D);
    const model = new LinearModel([D], C, W, rng.fillNormal(C));
    const x: Tensor = { data: rng.fillUniform(N * D, -1, 1), shape: [N, D] };
    const r = await occlusion(model, x, { window: 1, target: [2, 0], maxEvals: D + 1 });
    expect([...r.evals]).toEqual([D + 1, D + 1]);
    expect(model.calls.samples).toBe(N * (D + 1));
    for (let s = 0; s < N; s++)
      for (let i = 0; i < D; i++) expect(r.attribution.data[s * D + i]).toBeCloseTo(W[r.targets[s]! * D + i]! * x.data[s * D + i]!, 5);
    await expect(occlusion(model, x, { window: 1, maxEvals: D })).rejects.toThrow(/needs 9 evaluations per sample \(8 patch positions \+ the input\), over maxEvals 8/);
  });

  it('averages the drop over the overlapping patches covering each value (2x2 patches, stride 1, on 4x4)', async () => {
    const rng = new Rng(2);
    const W = rng.fillNormal(2 * 16);
    const model = new LinearModel([1, 4, 4], 2, W);
    const x: Tensor = { data: rng.fillUniform(16, 0, 1), shape: [1, 1, 4, 4] };
    const r = await occlusion(model, x, { window: 2, strides: 1, target: 1, baseline: 0.5 });
    expect(r.evals[0]).toBe(10); // 3 x 3 positions + the input
    const contrib = (i: number) => W[16 + i]! * (x.data[i]! - 0.5);
    for (let y = 0; y < 4; y++)
      for (let xx = 0; xx < 4; xx++) {
        let sum = 0, cnt = 0;
        for (let py = Math.max(0, y - 1); py <= Math.min(2, y); py++)
          for (let px = Math.max(0, xx - 1); px <= Math.min(2, xx); px++) {
            cnt++;
            for (const [dy, dx] of [[0, 0], [0, 1], [1, 0], [1, 1]] as const) sum += contrib((py + dy) * 4 + px + dx);
          }
        expect(r.attribution.data[y * 4 + xx]).toBeCloseTo(sum / cnt, 5);
      }
  });

  it('occludes all channels of a pixel together, covers a ragged edge, and does not depend on internalBatchSize', async () => {
    const rng = new Rng(3);
    const W = rng.fillNormal(2 * 3 * 2 * 5);
    const model = new LinearModel([3, 2, 5], 2, W);
    const x: Tensor = { data: rng.fillUniform(30, 0, 1), shape: [1, 3, 2, 5] };
    const r = await occlusion(model, x, { window: [3, 1, 2], strides: [1, 1, 2], target: 0 });
    // width 5, window 2, stride 2: starts 0, 2 and the flush 3, so column 4 is covered
    expect(r.evals[0]).toBe(2 * 3 + 1);
    expect([...r.attribution.data].every(Number.isFinite)).toBe(true);
    const pixel = (yy: number, xx: number) => [0, 1, 2].reduce((a, c) => a + W[c * 10 + yy * 5 + xx]! * x.data[c * 10 + yy * 5 + xx]!, 0);
    // column 4 is only in the patch at 3: columns 3 and 4 of its row
    for (let c = 0; c < 3; c++) expect(r.attribution.data[c * 10 + 4]).toBeCloseTo(pixel(0, 3) + pixel(0, 4), 5);
    // column 3 is in the patches at 2 and 3
    expect(r.attribution.data[3]).toBeCloseTo((pixel(0, 2) + pixel(0, 3) + pixel(0, 3) + pixel(0, 4)) / 2, 5);
    const one = await occlusion(model, x, { window: [3, 1, 2], strides: [1, 1, 2], target: 0, internalBatchSize: 1 });
    expect([...one.attribution.data]).toEqual([...r.attribution.data]);
    // a number window on an image: w x w over every channel
    const num = await occlusion(model, x, { window: 1, target: 0 });
    expect(num.evals[0]).toBe(11);
    expect(num.attribution.data[10 + 7]).toBeCloseTo(pixel(1, 2), 5);
  });
});
