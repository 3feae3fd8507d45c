import { afterAll, describe, expect, it } from 'vitest';
import type { GradientModel, VjpResult } from '../gradient-model.js';
import { Rng } from '../rng.js';
import type { Tensor } from '../tensor.js';
import { describeConformance, type ConformanceTestApi } from './conformance.js';
import { LinearModel, ReluModel } from './linear-model.js';

const rng = new Rng(11);
const linear = () => new LinearModel([2, 3], 4, rng.fillNormal(24), rng.fillNormal(4));
const relu = () => new ReluModel([5], 3, new Rng(3).fillNormal(40), new Rng(4).fillNormal(8, 0.3), new Rng(5).fillNormal(24), new Rng(6).fillNormal(3));

describeConformance('LinearModel', linear, { describe, it, expect, afterAll });
describeConformance('ReluModel', relu, { describe, it, expect, afterAll }, {
  reference: (x) => relu().logits(x),
  input: (n, r, shape) => ({ data: r.fillUniform(n * shape[0]!, -1, 1), shape: [n, ...shape] }),
});

// Runs the suite under a recording runner and returns the title of every failing test.
async function failures(make: () => GradientModel, options = {}): Promise<string[]> {
  const tests: { title: string; fn: () => Promise<void> }[] = [];
  const api: ConformanceTestApi = { describe: (_n, fn) => fn(), it: (title, fn) => void tests.push({ title, fn }), expect };
  describeConformance('under test', make, api, options);
  const failed: string[] = [];
  for (const t of tests) await t.fn().catch(() => failed.push(t.title));
  expect(tests.length).toBe(8 + ('reference' in options ? 1 : 0));
  return failed;
}

// A correct model with one defect injected by overriding one of its methods.
function broken(patch: (m: LinearModel) => Partial<GradientModel>): () => GradientModel {
  return () => {
    const m = linear();
    return Object.assign(m, patch(m));
  };
}
const scaled = (r: VjpResult, k: number): VjpResult => ({ logits: r.logits, grad: { data: r.grad.data.map((v) => k * v), shape: r.grad.shape } });

describe('the conformance suite catches broken adapters', () => {
  it('passes both mocks everywhere', async () => {
    expect(await failures(linear)).toEqual([]);
    expect(await failures(relu, { reference: (x: Tensor) => relu().logits(x) })).toEqual([]);
  });
  it('a gradient off by a factor fails finite differences only', async () => {
    const f = await failures(broken((m) => { const vjp = m.vjp.bind(m); return { vjp: async (x, c) => scaled(await vjp(x, c), 1.1) }; }));
    expect(f).toEqual(['vjp matches central finite differences of the logits']);
  });
  it('a vjp that is not linear in the cotangent fails linearity', async () => {
    const f = await failures(broken((m) => {
      const vjp = m.vjp.bind(m);
      return { vjp: async (x, c) => vjp(x, { data: c.data.map((v) => v * Math.abs(v)), shape: c.shape }) };
    }));
    expect(f).toContain('vjp is linear in the cotangent');
  });
  it('logits that depend on the rest of the batch fail the batch test', async () => {
    const f = await failures(broken((m) => {
      const logits = m.logits.bind(m);
      return { logits: async (x) => { const z = await logits(x); return { data: z.data.map((v) => v + 0.01 * x.shape[0]!), shape: z.shape }; } };
    }));
    expect(f).toContain('a batch gives the same logits and gradients as its samples one by one');
    expect(f).toContain('vjp returns the logits of logits() and a gradient shaped like x');
  });
  it('a reference that disagrees fails the reference test', async () => {
    const f = await failures(linear, { reference: async (x: Tensor) => { const z = await linear().logits(x); z.data[0]! += 1; return z; } });
    expect(f).toEqual(['logits match the reference']);
  });
  it('a model that accepts a wrong shape, or names no shape, fails the shape test', async () => {
    const silent = await failures(broken((m) => ({ logits: async (x) => ({ data: new Float32Array(x.shape[0]! * m.classes), shape: [x.shape[0]!, m.classes] }) })));
    expect(silent).toContain('rejects an input or a cotangent of the wrong shape with an error naming the shape');
    const vague = await failures(broken((m) => {
      const vjp = m.vjp.bind(m);
      return { vjp: async (x, c) => { if (c.shape[1] !== m.classes) throw new RangeError('bad cotangent'); return vjp(x, c); } };
    }));
    // LinearModel itself names the shape, so only the vague cotangent message fails.
    expect(vague).toEqual(['rejects an input or a cotangent of the wrong shape with an error naming the shape']);
  });
  it('a dispose that throws the second time fails the dispose test', async () => {
    const f = await failures(broken(() => {
      let done = false;
      return { dispose: async () => { if (done) throw new Error('already disposed'); done = true; } };
    }));
    expect(f).toEqual(['dispose is idempotent']);
  });
});
