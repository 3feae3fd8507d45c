import { describe, expect, it } from 'vitest';
import { batchedLogits, batchedVjp, checkInternalBatchSize, DEFAULT_INTERNAL_BATCH_SIZE, forEachChunk, mapBatched, mapChunks } from './batching.js';
import { oneHot } from './losses/one-hot.js';
import { Rng } from './rng.js';
import { LinearModel } from './testing/linear-model.js';

const model = () => new LinearModel([3], 2, new Rng(1).fillNormal(6), Float32Array.of(0.5, -0.5));
const x = { data: new Rng(2).fillNormal(10 * 3), shape: [10, 3] };

describe('batching', () => {
  it('forEachChunk visits consecutive ranges of at most internalBatchSize rows, in order', async () => {
    const seen: number[][] = [];
    const steps: string[] = [];
    await forEachChunk(10, { internalBatchSize: 4, onStep: ({ step, steps: s }) => steps.push(`${step}/${s}`) }, async (s, e) => void seen.push([s, e]));
    expect(seen).toEqual([[0, 4], [4, 8], [8, 10]]);
    expect(steps).toEqual(['1/3', '2/3', '3/3']);
  });
  it('mapChunks builds virtual rows on demand and concatenates; never more than one chunk in flight', async () => {
    let inFlight = 0, peak = 0;
    const out = await mapChunks(7, (s, e) => ({ data: Float32Array.from({ length: e - s }, (_, i) => s + i), shape: [e - s] }), async (c) => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((r) => setTimeout(r, 1));
      inFlight--;
      return { data: Float32Array.from([...c.data].flatMap((v) => [10 * v, 10 * v + 1])), shape: [c.shape[0]!, 2] };
    }, { internalBatchSize: 3 });
    expect(out.shape).toEqual([7, 2]);
    expect([...out.data]).toEqual([0, 1, 10, 11, 20, 21, 30, 31, 40, 41, 50, 51, 60, 61]);
    expect(peak).toBe(1);
  });
  it('batchedLogits and batchedVjp equal one whole call; only the number of calls changes', async () => {
    const whole = model();
    const z = await whole.logits(x);
    const c = oneHot(Int32Array.from({ length: 10 }, (_, i) => i % 2), 2);
    const g = await whole.vjp(x, c);
    for (const ibs of [1, 3, 10, 50]) {
      const m = model();
      expect((await batchedLogits(m, x, { internalBatchSize: ibs })).data).toEqual(z.data);
      const r = await batchedVjp(m, x, c, { internalBatchSize: ibs });
      expect(r.grad.data).toEqual(g.grad.data);
      expect(r.logits.data).toEqual(g.logits.data);
      expect(r.grad.shape).toEqual([10, 3]);
      expect(m.calls).toEqual({ logits: Math.ceil(10 / ibs), vjp: Math.ceil(10 / ibs), samples: 20 });
    }
    expect(DEFAULT_INTERNAL_BATCH_SIZE).toBe(64);
    expect(checkInternalBatchSize(undefined)).toBe(64);
  });
  it('rejects bad sizes, outputs of the wrong row count or shape, and aborts between chunks', async () => {
    expect(() => checkInternalBatchSize(2.5)).toThrow(/internalBatchSize: must be an integer >= 1, got 2.5/);
    await expect(mapBatched(x, async (c) => ({ data: new Float32Array(1), shape: [1] }), { internalBatchSize: 4 })).rejects.toThrow(/a chunk of 4 rows returned shape \[1\]/);
    await expect(mapBatched(x, async (c) => ({ data: new Float32Array(c.shape[0]! * (c.shape[0] === 4 ? 1 : 2)), shape: [c.shape[0]!, c.shape[0] === 4 ? 1 : 2] }), { internalBatchSize: 4 }))
      .rejects.toThrow(/chunk rows have shape \[2\], earlier ones \[1\]/);
    const ac = new AbortController();
    const m = model();
    await expect(mapBatched(x, async (c) => { ac.abort(); return m.logits(c); }, { internalBatchSize: 4, signal: ac.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(m.calls.logits).toBe(1);
  });
});
