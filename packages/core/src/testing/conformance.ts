/**
 * The conformance suite every `GradientModel` adapter runs against itself (node, web, mocks).
 * It takes the test runner's `describe`/`it`/`expect` as arguments, so core never imports a
 * test framework at runtime.
 */
import { AxplainError } from '../errors.js';
import type { GradientModel } from '../gradient-model.js';
import { Rng } from '../rng.js';
import { numel, sliceBatch, type Tensor } from '../tensor.js';
import { isInteger } from '../validate.js';

/** The few matchers the suite uses; vitest's and jest's `expect` fit. */
export interface ConformanceMatchers {
  toBe(expected: unknown): void;
  toEqual(expected: unknown): void;
  toBeLessThanOrEqual(expected: number): void;
}

/** The test runner's functions (pass vitest's or jest's). */
export interface ConformanceTestApi {
  describe: (name: string, fn: () => void) => void;
  it: (name: string, fn: () => Promise<void>, timeout?: number) => void;
  expect: (actual: unknown, message?: string) => ConformanceMatchers;
  /** When given, the shared model is disposed after the suite. */
  afterAll?: (fn: () => Promise<void>) => void;
}

export interface ConformanceOptions {
  /** Samples per test batch. @defaultValue 3 */
  batch?: number;
  /** Seed of the random inputs, cotangents and directions. @defaultValue 0 */
  seed?: number;
  /** Random inputs [n, ...inputShape]. @defaultValue uniform in [0, 1) */
  input?: (n: number, rng: Rng, inputShape: readonly number[]) => Tensor;
  /** The expected logits of an input (e.g. the original model run without gradients). */
  reference?: (x: Tensor) => Promise<Tensor> | Tensor;
  /** Random directions of the finite-difference check. @defaultValue 3 */
  directions?: number;
  /** Finite-difference step sizes tried (the best is kept: float32 limits small steps). @defaultValue [1e-2, 3e-3, 1e-3] */
  steps?: readonly number[];
  /**
   * Relative tolerances: `exact` for logits compared between calls, batches and the reference
   * (relative to the largest |logit|), `linearity` for vjp linearity (relative to the largest
   * |gradient|), `fd` for finite differences (relative, plus float32 round-off of the logits).
   * @defaultValue { exact: 1e-4, linearity: 1e-4, fd: 1e-2 }
   */
  tolerance?: { exact?: number; linearity?: number; fd?: number };
  /** Per-test timeout in ms, passed to `it`. */
  timeout?: number;
}

const F32_EPS = 2 ** -23;

const maxAbs = (a: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
};

/** max |a - b| / (scale of a, at least 1e-30); lengths must match (else Infinity). */
function relDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m / Math.max(maxAbs(a), 1e-30);
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

/** True when the integers in `message` contain `dims` as a run (shape printed in any format). */
function namesShape(message: string, dims: readonly number[]): boolean {
  const ints = (message.match(/\d+/g) ?? []).map(Number);
  for (let i = 0; i + dims.length <= ints.length; i++) if (dims.every((d, k) => ints[i + k] === d)) return true;
  return false;
}

async function rejection(p: () => Promise<unknown>): Promise<unknown> {
  try {
    await p();
  } catch (e) {
    return e ?? new Error('rejected with nothing');
  }
  return undefined;
}

/**
 * Registers the conformance tests of a `GradientModel` implementation. `makeModel` is called once
 * for the shared model (lazily, in the first test) and once more for the dispose test.
 * @example
 * import { describe, it, expect, afterAll } from 'vitest';
 * import { describeConformance, LinearModel } from '@axplain/core/testing';
 * describeConformance('LinearModel', () => new LinearModel([4], 3, new Float32Array(12).fill(0.5)), { describe, it, expect, afterAll });
 */
export function describeConformance(
  name: string,
  makeModel: () => Promise<GradientModel> | GradientModel,
  api: ConformanceTestApi,
  options: ConformanceOptions = {},
): void {
  const { describe, it, expect } = api;
  const n = options.batch ?? 3;
  const seed = options.seed ?? 0;
  const tolExact = options.tolerance?.exact ?? 1e-4;
  const tolLin = options.tolerance?.linearity ?? 1e-4;
  const tolFd = options.tolerance?.fd ?? 1e-2;
  const fdSteps = options.steps ?? [1e-2, 3e-3, 1e-3];
  const makeInput = options.input ?? ((k: number, rng: Rng, shape: readonly number[]) => ({ data: rng.fillUniform(k * numel(shape), 0, 1), shape: [k, ...shape] }));
  let shared: Promise<GradientModel> | undefined;
  const model = (): Promise<GradientModel> => (shared ??= Promise.resolve(makeModel()));
  const input = (m: GradientModel, k: number, salt: number): Tensor => makeInput(k, new Rng(seed * 7919 + salt), m.inputShape);
  const cotangent = (m: GradientModel, k: number, salt: number): Tensor => ({ data: new Rng(seed * 7919 + 100 + salt).fillNormal(k * m.classes), shape: [k, m.classes] });
  const test = (title: string, fn: () => Promise<void>) => it(title, fn, options.timeout);

  describe(`GradientModel conformance: ${name}`, () => {
    api.afterAll?.(async () => { if (shared) await (await shared).dispose(); });

    test('declares v1, a per-sample inputShape and the number of classes', async () => {
      const m = await model();
      expect(m.specificationVersion, 'specificationVersion').toBe('v1');
      expect(m.inputShape.length >= 1 && m.inputShape.every((s) => isInteger(s, { min: 1 })), `inputShape [${m.inputShape.join(', ')}] must hold positive integers`).toBe(true);
      expect(isInteger(m.classes, { min: 1 }), `classes ${m.classes} must be a positive integer`).toBe(true);
      if (m.labels) expect(m.labels.length, 'labels: one per class').toBe(m.classes);
    });

    test('logits are [N, classes] and finite', async () => {
      const m = await model();
      const z = await m.logits(input(m, n, 1));
      expect([...z.shape], 'logits shape').toEqual([n, m.classes]);
      expect(z.data.length, 'logits data length').toBe(n * m.classes);
      expect(z.data.every(Number.isFinite), 'logits must be finite').toBe(true);
    });

    if (options.reference) {
      const reference = options.reference;
      test('logits match the reference', async () => {
        const m = await model();
        const x = input(m, n, 2);
        const z = await m.logits(x);
        const ref = await reference(x);
        expect(relDiff(ref.data, z.data), 'max |logits - reference| / max |reference|').toBeLessThanOrEqual(tolExact);
      });
    }

    test('vjp returns the logits of logits() and a gradient shaped like x', async () => {
      const m = await model();
      const x = input(m, n, 3);
      const z = await m.logits(x);
      const r = await m.vjp(x, cotangent(m, n, 3));
      expect([...r.logits.shape], 'vjp logits shape').toEqual([n, m.classes]);
      expect(relDiff(z.data, r.logits.data), 'max |vjp logits - logits()| / max |logits|').toBeLessThanOrEqual(tolExact);
      expect([...r.grad.shape], 'vjp grad shape').toEqual([...x.shape]);
      expect(r.grad.data.length, 'vjp grad data length').toBe(x.data.length);
      expect(r.grad.data.every(Number.isFinite), 'vjp grad must be finite').toBe(true);
    });

    test('vjp is linear in the cotangent', async () => {
      const m = await model();
      const x = input(m, n, 4);
      const c1 = cotangent(m, n, 4);
      const c2 = cotangent(m, n, 5);
      const [a, b] = [0.75, -1.25];
      const mix = { data: c1.data.map((v, i) => a * v + b * c2.data[i]!), shape: c1.shape };
      const [g1, g2, g] = [(await m.vjp(x, c1)).grad, (await m.vjp(x, c2)).grad, (await m.vjp(x, mix)).grad];
      const expected = g1.data.map((v, i) => a * v + b * g2.data[i]!);
      const scale = Math.max(maxAbs(g1.data) * Math.abs(a), maxAbs(g2.data) * Math.abs(b), 1e-30);
      let err = 0;
      for (let i = 0; i < g.data.length; i++) err = Math.max(err, Math.abs(g.data[i]! - expected[i]!));
      expect(g.data.length, 'vjp grad length').toBe(expected.length);
      expect(err / scale, 'max |vjp(a c1 + b c2) - a vjp(c1) - b vjp(c2)| / max |a vjp(c1)|, |b vjp(c2)|').toBeLessThanOrEqual(tolLin);
    });

    test('a batch gives the same logits and gradients as its samples one by one', async () => {
      const m = await model();
      const x = input(m, n, 6);
      const c = cotangent(m, n, 6);
      const batched = await m.vjp(x, c);
      const zb = await m.logits(x);
      const d = numel(m.inputShape);
      for (let s = 0; s < n; s++) {
        const xs = sliceBatch(x, s, s + 1);
        const one = await m.vjp(xs, sliceBatch(c, s, s + 1));
        const z1 = await m.logits(xs);
        const row = (t: Float32Array, k: number) => t.subarray(s * k, (s + 1) * k);
        expect(relDiff(z1.data, row(zb.data, m.classes)), `sample ${s}: logits in a batch vs alone`).toBeLessThanOrEqual(tolExact);
        expect(relDiff(one.grad.data, row(batched.grad.data, d)), `sample ${s}: vjp grad in a batch vs alone`).toBeLessThanOrEqual(tolExact);
      }
    });

    test('vjp matches central finite differences of the logits', async () => {
      const m = await model();
      const x = input(m, n, 7);
      const c = cotangent(m, n, 7);
      const { grad } = await m.vjp(x, c);
      const rng = new Rng(seed * 7919 + 200);
      const xScale = Math.max(maxAbs(x.data), 1);
      const report: string[] = [];
      let worst = 0;
      for (let k = 0; k < (options.directions ?? 3); k++) {
        const v = rng.fillNormal(x.data.length);
        const norm = Math.sqrt(dot(v, v));
        for (let i = 0; i < v.length; i++) v[i]! /= norm;
        const analytic = dot(grad.data, v);
        let best = Infinity;
        for (const h0 of fdSteps) {
          const h = h0 * xScale;
          const plus = await m.logits({ data: x.data.map((xi, i) => xi + h * v[i]!), shape: x.shape });
          const minus = await m.logits({ data: x.data.map((xi, i) => xi - h * v[i]!), shape: x.shape });
          const fd = (dot(c.data, plus.data) - dot(c.data, minus.data)) / (2 * h);
          // float32 logits carry relative round-off ~eps each; the difference quotient amplifies it by 1/h.
          let mag = 0;
          for (let i = 0; i < c.data.length; i++) mag += Math.abs(c.data[i]!) * (Math.abs(plus.data[i]!) + Math.abs(minus.data[i]!));
          const roundoff = (16 * F32_EPS * mag) / (2 * h);
          const allowed = tolFd * Math.max(Math.abs(analytic), Math.abs(fd)) + roundoff;
          best = Math.min(best, Math.abs(fd - analytic) / Math.max(allowed, 1e-30));
          report.push(`dir ${k} h ${h.toExponential(1)}: <grad, v> ${analytic.toPrecision(6)} vs fd ${fd.toPrecision(6)}`);
        }
        worst = Math.max(worst, best);
      }
      expect(worst, `finite differences (error / allowed, <= 1 passes):\n${report.join('\n')}`).toBeLessThanOrEqual(1);
    });

    test('rejects an input or a cotangent of the wrong shape with an error naming the shape', async () => {
      const m = await model();
      const badShape = [n, ...m.inputShape.slice(0, -1), m.inputShape.at(-1)! + 1];
      const bad = { data: new Float32Array(numel(badShape)), shape: badShape };
      const check = (e: unknown, what: string, dims: readonly (readonly number[])[]) => {
        expect(e !== undefined, `${what} was accepted`).toBe(true);
        const ok = AxplainError.isInstance(e) || e instanceof RangeError || e instanceof TypeError;
        expect(ok, `${what}: expected an AxplainError, RangeError or TypeError, got ${String(e)}`).toBe(true);
        const msg = e instanceof Error ? e.message : String(e);
        expect(dims.some((s) => namesShape(msg, s)), `${what}: the message "${msg}" names neither [${dims.map((s) => s.join(', ')).join('] nor [')}]`).toBe(true);
      };
      const dimsX = [badShape, m.inputShape];
      check(await rejection(() => m.logits(bad)), `logits() of shape [${badShape.join(', ')}]`, dimsX);
      check(await rejection(() => m.vjp(bad, cotangent(m, n, 8))), `vjp() of an input of shape [${badShape.join(', ')}]`, dimsX);
      const badC = { data: new Float32Array(n * (m.classes + 1)), shape: [n, m.classes + 1] };
      check(await rejection(() => m.vjp(input(m, n, 8), badC)), `vjp() of a cotangent of shape [${n}, ${m.classes + 1}]`, [badC.shape, [n, m.classes]]);
    });

    test('dispose is idempotent', async () => {
      const m = await makeModel();
      await m.logits(input(m, 1, 9));
      const first = await rejection(() => m.dispose());
      const second = await rejection(() => m.dispose());
      expect(first === undefined, `first dispose() threw ${String(first)}`).toBe(true);
      expect(second === undefined, `second dispose() threw ${String(second)}`).toBe(true);
    });
  });
}
