/**
 * Fuzzing the model loader (seeded, bounded, counted): mutated and truncated ONNX files — flipped
 * bytes, truncation, wrong op types and attributes, wrong tensor types, missing initializers,
 * cycles, dangling inputs, absurd dims, huge declared sizes, external-data references, unknown
 * domains and opsets — through `compile` (every case) and `loadModel` (200 of them). Every
 * case must give a correct result or a typed AxplainError with a clear message, within a time
 * bound, with memory staying bounded. `pnpm fuzz` runs ten times as many cases.
 */
import { loadModel } from '@axplain/node';
import { compile } from '@axplain/onnx';
import fc from 'fast-check';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { fuzzSeed, oracle, runs, Tally } from '../support/fuzz.js';
import { KINDS, mutate, mutation, SEEDS } from '../support/onnx-mutations.js';

/** One sample of 0.5s in the model's per-sample input shape (symbolic or absurd dims taken as 1). */
function probeInput(perSample: readonly (number | string)[]): { data: Float32Array; shape: number[] } {
  const shape = [1, ...perSample.map((d) => (typeof d === 'number' && d > 0 && d < 4096 ? d : 1))];
  return { data: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(0.5), shape };
}

/** Mutations that break the graph's structure (names not defined before use). */
const STRUCTURAL = new Set(['cycle', 'dangling-input', 'missing-initializer']);

describe('fuzz: mutated ONNX models', () => {
  it('the unmutated seed models compile, load and run (positive control)', async () => {
    for (const bytes of Object.values(SEEDS)) {
      expect(compile(bytes).gradOutputs).toHaveLength(1);
      const m = await loadModel(bytes);
      const z = await m.logits(probeInput(m.inputShape));
      expect(z.shape[0]).toBe(1);
      expect(z.data.every(Number.isFinite)).toBe(true);
      await m.dispose();
    }
  });


  it('compile: every case is a gradient graph or a typed error, within 5 s each', async () => {
    const tally = new Tally();
    const rss0 = process.memoryUsage().rss;
    await fc.assert(fc.asyncProperty(mutation, async (mu) => {
      const bytes = mutate(mu);
      const label = `compile(${mu.seed}, ${mu.kind}, [${mu.r}])`;
      const o = await oracle(label, () => compile(bytes), 5000);
      // compile checks the graph's structure (not ONNX's op schemas, which onnxruntime checks when
      // loadModel opens the session): a structurally broken graph must never compile.
      if (o.kind === 'ok' && STRUCTURAL.has(mu.kind)) {
        const why = await ort.InferenceSession.create(bytes, { logSeverityLevel: 4 }).then(async (s) => { await s.release(); return undefined; }, (e: Error) => e.message);
        if (why) throw new Error(`${label}: compiled a graph onnxruntime rejects: ${why.slice(0, 200)}`);
      }
      tally.add(mu.kind, o);
    }), { seed: fuzzSeed(20261202), numRuns: runs(500), endOnFailure: true });
    console.warn(tally.summary('compile'));
    expect(tally.total).toBe(runs(500));
    expect(tally.kinds()).toEqual([...KINDS].sort());
    expect(process.memoryUsage().rss - rss0).toBeLessThan(1e9);
  });

  it('loadModel: every case loads and runs, or is a typed error, within 20 s each', async () => {
    const tally = new Tally();
    const rss0 = process.memoryUsage().rss;
    await fc.assert(fc.asyncProperty(mutation, async (mu) => {
      const bytes = mutate(mu);
      const o = await oracle(`loadModel(${mu.seed}, ${mu.kind}, [${mu.r}])`, async () => {
        const m = await loadModel(bytes);
        try {
          // A model that loads gives finite logits of the declared shape on a valid input, or a typed error.
          const z = await m.logits(probeInput(m.inputShape));
          if (z.shape[0] !== 1) throw new Error(`logits batch ${z.shape[0]} for a batch of 1`);
        } finally {
          await m.dispose();
        }
      }, 20_000);
      tally.add(mu.kind, o);
    }), { seed: fuzzSeed(20261203), numRuns: runs(200), endOnFailure: true });
    console.warn(tally.summary('loadModel'));
    expect(tally.total).toBe(runs(200));
    expect(process.memoryUsage().rss - rss0).toBeLessThan(1.5e9);
  });
});
