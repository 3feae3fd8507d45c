/**
 * The PGD-Linf step graph run on onnxruntime-node (CPU tensors) against core's `pgd` with the
 * same settings (Linf, same step size, no random start, no early stop) on models/mnist-mlp: the
 * iterates core visits (recorded at its `vjp` calls) equal the graph's, and every iterate stays
 * in the eps-ball and the box. Bad requests fail with named AxplainError subclasses.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AxplainError, type GradientModel, pgd, preprocess, ShapeMismatchError, type Tensor, TargetError } from '@axplain/core';
import { loadImage, loadModel, readPreprocessSpec } from '@axplain/node';
import { decodeModel, encodeModel } from '@axplain/onnx';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPgdStepGraph, StepGraphError } from './pgd-step-graph.js';
import { OnDeviceAttackError, type OnDevicePgdOptions, runPgdStepGraph } from './run-pgd-step-graph.js';

const MODELS = fileURLToPath(new URL('../../../../models/', import.meta.url));
const PATH = `${MODELS}mnist-mlp/model.onnx`;
const bytes = new Uint8Array(readFileSync(PATH));
const runtime = { InferenceSession: ort.InferenceSession, Tensor: ort.Tensor };
const EPS = 0.1, ALPHA = 0.02, K = 5;

/** core's iterates x_0..x_{steps-1}: the inputs of its gradient calls. */
function recording(model: GradientModel): { model: GradientModel; seen: Float32Array[] } {
  const seen: Float32Array[] = [];
  return {
    seen,
    model: {
      specificationVersion: 'v1', inputShape: model.inputShape, classes: model.classes,
      logits: (x) => model.logits(x),
      vjp: (x, c) => { seen.push(Float32Array.from(x.data)); return model.vjp(x, c); },
      dispose: () => model.dispose(),
    },
  };
}

const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>) => { let m = 0; for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!)); return m; };

describe('PGD-Linf step graph on onnxruntime-node vs core pgd (mnist-mlp)', () => {
  let model: GradientModel, x: Tensor, predicted: number[];
  beforeAll(async () => {
    model = await loadModel(PATH);
    const spec = (await readPreprocessSpec(PATH))!;
    x = preprocess([await loadImage(`${MODELS}samples/mnist/digit-7.png`), await loadImage(`${MODELS}samples/mnist/digit-2.png`)], spec);
    const z = (await model.logits(x)).data;
    predicted = [0, 1].map((r) => { const row = Array.from(z.subarray(r * 10, r * 10 + 10)); return row.indexOf(Math.max(...row)); });
  });
  afterAll(() => model?.dispose());

  for (const targeted of [false, true]) {
    it(`${targeted ? 'targeted (class 3)' : 'untargeted (away from the predicted class)'}: iterates 1..${K} match core within 1e-5 and stay in ball and box`, async () => {
      const target = targeted ? [3, 3] : predicted;
      const rec = recording(model);
      await pgd(rec.model, x, { norm: 'linf', eps: EPS, stepSize: ALPHA, steps: K + 1, randomStart: false, earlyStop: false, targeted, target });
      expect(rec.seen).toHaveLength(K + 1);
      expect(maxAbs(rec.seen[0]!, x.data)).toBe(0);
      for (let k = 1; k <= K; k++) {
        const r = await runPgdStepGraph(runtime, bytes, x, { eps: EPS, stepSize: ALPHA, steps: k, target, targeted, executionProvider: 'cpu' });
        expect(r.location).toBe('cpu');
        expect(maxAbs(r.adversarial.data, rec.seen[k]!)).toBeLessThan(1e-5);
        // the iterate moved (a zero gradient would leave it at x_0): by alpha per step until the ball stops it
        expect(maxAbs(r.adversarial.data, x.data)).toBeGreaterThan(Math.min(k * ALPHA, EPS) - 1e-6);
        expect(maxAbs(r.adversarial.data, x.data)).toBeLessThanOrEqual(EPS + 1e-6);
        expect(Math.min(...r.adversarial.data)).toBeGreaterThanOrEqual(0);
        expect(Math.max(...r.adversarial.data)).toBeLessThanOrEqual(1);
      }
    });
  }

  it('the step is the sign step of the CE gradient, projected: one step by hand from the vjp', async () => {
    // Independent of core pgd: x_1 = clip01(clip(x0 + a*sign(g) - x0, -eps, eps) + x0), g = vjp(x0, softmax - onehot).
    const z = (await model.logits(x)).data, cot = new Float32Array(20);
    for (let r = 0; r < 2; r++) {
      const row = z.subarray(r * 10, r * 10 + 10), m = Math.max(...row), e = Array.from(row, (v) => Math.exp(v - m)), s = e.reduce((a, b) => a + b, 0);
      e.forEach((v, j) => { cot[r * 10 + j] = v / s - (j === predicted[r] ? 1 : 0); });
    }
    const g = (await model.vjp(x, { data: cot, shape: [2, 10] })).grad.data;
    const big = 0.3; // alpha < eps: no ball clipping, only the box
    const want = Float32Array.from(x.data, (v, i) => Math.min(1, Math.max(0, v + 0.05 * Math.sign(g[i]!))));
    const r = await runPgdStepGraph(runtime, bytes, x, { eps: big, stepSize: 0.05, steps: 1, target: predicted, executionProvider: 'cpu' });
    expect(maxAbs(r.adversarial.data, want)).toBeLessThan(1e-6);
    expect(g.some((v) => v !== 0)).toBe(true);
  });

  it('warm-up steps leave the result unchanged', async () => {
    const o = { eps: EPS, stepSize: ALPHA, steps: 3, target: predicted, executionProvider: 'cpu' };
    const plain = await runPgdStepGraph(runtime, bytes, x, o), warmed = await runPgdStepGraph(runtime, bytes, x, { ...o, warmupSteps: 2 });
    expect(Array.from(warmed.adversarial.data)).toEqual(Array.from(plain.adversarial.data));
    expect(maxAbs(plain.adversarial.data, x.data)).toBeGreaterThan(0.05);
  });

  it('declares the graph it builds: inputs, scalar settings and one output shaped like x', () => {
    const g = buildPgdStepGraph(bytes);
    const m = decodeModel(g.bytes);
    expect(m.graph!.input!.map((i) => i.name)).toEqual(['input', g.x0, g.target, g.alpha, g.eps, g.lo, g.hi]);
    expect(m.graph!.output!.map((o) => o.name)).toEqual([g.next]);
    expect(g.inputShape).toEqual(['N', 1, 28, 28]);
    expect(g.classes).toBe(10);
    // onnxruntime-web 1.30's WebGPU EP places Sign, Max and Min on the CPU (copies inside every run)
    const ops = new Set(m.graph!.node!.map((n) => n.opType));
    for (const op of ['Sign', 'Max', 'Min', 'Clip']) expect(ops.has(op)).toBe(false);
  });

  const good: OnDevicePgdOptions = { eps: 0.1, steps: 2, target: 7, executionProvider: 'cpu' };
  const bad: [string, Partial<OnDevicePgdOptions> | 'shape', new (...a: never[]) => AxplainError, RegExp][] = [
    ['eps 0', { eps: 0 }, OnDeviceAttackError, /^eps: got 0; expected a finite number > 0/],
    ['eps NaN', { eps: Number.NaN }, OnDeviceAttackError, /^eps: got NaN/],
    ['steps 1.5', { steps: 1.5 }, OnDeviceAttackError, /^steps: got 1.5; expected an integer >= 0/],
    ['steps -1', { steps: -1 }, OnDeviceAttackError, /^steps: got -1/],
    ['stepSize -0.1', { stepSize: -0.1 }, OnDeviceAttackError, /^stepSize: got -0.1/],
    ['warmupSteps -1', { warmupSteps: -1 }, OnDeviceAttackError, /^warmupSteps: got -1; expected an integer >= 0/],
    ['box lo > hi', { box: { lo: 1, hi: 0 } }, OnDeviceAttackError, /^box: lo 1 > hi 0/],
    ['target 10', { target: 10 }, TargetError, /class 10 is not one of the model's 10 classes/],
    ['two targets for one sample', { target: [1, 2] }, TargetError, /2 classes given for a batch of 1/],
    ['x shaped [1, 784]', 'shape', ShapeMismatchError, /x \(input 'input'\): expected shape \[N, 1, 28, 28\], got \[1, 784\]/],
  ];
  for (const [what, change, cls, message] of bad) {
    it(`rejects ${what} with ${cls.name}`, async () => {
      const one: Tensor = { data: x.data.slice(0, 784), shape: change === 'shape' ? [1, 784] : [1, 1, 28, 28] };
      const err = await runPgdStepGraph(runtime, bytes, one, { ...good, ...(change === 'shape' ? {} : change) }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(cls);
      expect(AxplainError.isInstance(err)).toBe(true);
      expect((err as Error).message).toMatch(message);
    });
  }

  it('refuses a model whose output is a Softmax (the CE cotangent needs the logits)', () => {
    const m = decodeModel(bytes), gr = m.graph!;
    gr.node = [...gr.node!, { opType: 'Softmax', input: ['logits'], output: ['probs'], name: 'final_softmax' }];
    gr.output = [{ ...gr.output![0]!, name: 'probs' }];
    expect(() => buildPgdStepGraph(encodeModel(m))).toThrow(StepGraphError);
    expect(() => buildPgdStepGraph(encodeModel(m))).toThrow(/made by Softmax node 'final_softmax'/);
    expect(() => buildPgdStepGraph(bytes, { output: 'nope' })).toThrow(/no graph output 'nope'/);
  });
});
