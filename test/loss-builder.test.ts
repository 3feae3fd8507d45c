/**
 * Loss-graph values against hand computations: every term of a linear classifier in closed form
 * (float64 in TypeScript), the parameter gradients of CE + weight decay in closed form, and the
 * input-gradient terms of a nonlinear MLP against its own first-order gradient graph.
 */
import {
  buildLoss, compile, compileLoss, crossEntropy, doubleBackprop, encodeModel, type LossTerm, ModelBuilder,
  type ModelProto, rightReasons, weightDecay,
} from '@axplain/onnx';
import { Rng } from '@axplain/node';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';

const N = 3, D = 4, C = 3;
const rng = new Rng(21);
const X = rng.fillUniform(N * D, -1, 1);
const W = rng.fillNormal(D * C, 0.8);
const B = rng.fillNormal(C, 0.3);
const Y = [2, 0, 1];
const LABELS = Float32Array.from({ length: N * C }, (_, i) => (Y[Math.floor(i / C)] === i % C ? 1 : 0));
const MASK = Float32Array.from({ length: N * D }, (_, i) => (i % 3 === 1 ? 0 : 1));

function linear(opset: number): ModelProto {
  const b = new ModelBuilder({ opset });
  const x = b.input('x', ['N', D]);
  b.output(b.node('Gemm', [x, b.initializer('W', [D, C], W), b.initializer('b', [C], B)]));
  return b.build();
}

async function run(model: ModelProto, feeds: Record<string, [Float32Array, number[]]>): Promise<Record<string, Float32Array>> {
  const sess = await ort.InferenceSession.create(encodeModel(model), { graphOptimizationLevel: 'disabled' });
  const out = await sess.run(Object.fromEntries(sess.inputNames.map((k) => [k, new ort.Tensor('float32', feeds[k]![0], feeds[k]![1])])));
  await sess.release();
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.data as Float32Array]));
}

/** Softmax rows of the linear model, in float64. */
function probs(): number[][] {
  return Array.from({ length: N }, (_, n) => {
    const z = Array.from({ length: C }, (_, k) => B[k]! + Array.from({ length: D }, (_, d) => X[n * D + d]! * W[d * C + k]!).reduce((a, v) => a + v, 0));
    const m = Math.max(...z);
    const s = z.reduce((a, v) => a + Math.exp(v - m), 0);
    return z.map((v) => Math.exp(v - m) / s);
  });
}
/** W v for a class-space vector v: the input gradient of a function whose logit gradient is v. */
const back = (v: number[]): number[] => Array.from({ length: D }, (_, d) => v.reduce((a, vk, k) => a + W[d * C + k]! * vk, 0));
const mean = (f: (n: number) => number): number => Array.from({ length: N }, (_, n) => f(n)).reduce((a, v) => a + v, 0) / N;

describe('loss terms of a linear classifier equal their closed forms', () => {
  const P = probs();
  const expected: Record<string, number> = {
    ce: mean((n) => -Math.log(P[n]![Y[n]!]!)),
    lps: 0.5 * mean((n) => P[n]!.reduce((a, p) => a + Math.log(p), 0)),
    // d/dz sum_k log p_k = 1 - C p.
    rrr: 7 * mean((n) => back(P[n]!.map((p) => 1 - C * p)).reduce((a, g, d) => a + (MASK[n * D + d]! * g) ** 2, 0)),
    // d CE / dz = p - y.
    grad_l2: 2 * mean((n) => 0.5 * back(P[n]!.map((p, k) => p - LABELS[n * C + k]!)).reduce((a, g) => a + g * g, 0)),
    grad_l1: 3 * mean((n) => back(P[n]!.map((p, k) => p - LABELS[n * C + k]!)).reduce((a, g) => a + Math.abs(g), 0)),
    l2: 0.01 * ([...W, ...B].reduce((a, v) => a + v * v, 0)),
    decay_W: 0.5 * W.reduce((a, v) => a + v * v, 0),
    ce_sum: 0.25 * N * mean((n) => -Math.log(P[n]![Y[n]!]!)),
  };
  const terms: LossTerm[] = [
    crossEntropy(), { kind: 'log-prob-sum', weight: 0.5, name: 'lps' }, rightReasons(7), doubleBackprop(2), doubleBackprop(3, 'l1'),
    weightDecay(0.01), { ...weightDecay(0.5, ['W']), name: 'decay_W' },
    { kind: 'cross-entropy', weight: 0.25, reduction: 'sum', name: 'ce_sum' },
  ];
  for (const opset of [7, 9, 13, 18])
    it(`opset ${opset}: each term output and their sum`, async () => {
      const lg = buildLoss(linear(opset), { terms });
      expect(lg.terms.map((t) => t.name)).toEqual(Object.keys(expected));
      const out = await run(lg.model, {
        x: [X, [N, D]], labels: [LABELS, [N, C]], mask: [MASK, [N, D]], W: [W, [D, C]], b: [B, [C]],
      });
      for (const t of lg.terms) expect(out[t.output]![0], t.name).toBeCloseTo(expected[t.name]!, 4);
      const total = Object.values(expected).reduce((a, v) => a + v, 0);
      expect(out.loss![0]).toBeCloseTo(total, 4);
      // The values are not trivially small: each term contributes.
      for (const v of Object.values(expected)) expect(Math.abs(v)).toBeGreaterThan(1e-2);
    });
});

describe('parameter gradients in closed form', () => {
  it('CE + weight decay: dW = X^T (P - Y) / N + 2 lambda W, db = mean(P - Y) + 2 lambda b', async () => {
    const lambda = 0.05;
    const train = compileLoss(buildLoss(linear(13), { terms: [crossEntropy(), weightDecay(lambda)] }));
    expect(train.model.graph!.input!.map((i) => i.name)).toEqual(['x', 'labels', 'W', 'b']);
    const out = await run(train.model, { x: [X, [N, D]], labels: [LABELS, [N, C]], W: [W, [D, C]], b: [B, [C]] });
    const P = probs();
    const r = (n: number, k: number) => P[n]![k]! - LABELS[n * C + k]!;
    const dW = Array.from({ length: D * C }, (_, i) => {
      const [d, k] = [Math.floor(i / C), i % C];
      return mean((n) => X[n * D + d]! * r(n, k)) + 2 * lambda * W[i]!;
    });
    const db = Array.from({ length: C }, (_, k) => mean((n) => r(n, k)) + 2 * lambda * B[k]!);
    Array.from(out[train.grads.W!]!).forEach((v, i) => expect(v).toBeCloseTo(dW[i]!, 5));
    Array.from(out[train.grads.b!]!).forEach((v, i) => expect(v).toBeCloseTo(db[i]!, 5));
  });

  it('the training graph computes the same loss as the loss graph', async () => {
    const lg = buildLoss(linear(13), { terms: [crossEntropy(), rightReasons(7), weightDecay(0.01)] });
    const feeds = { x: [X, [N, D]], labels: [LABELS, [N, C]], mask: [MASK, [N, D]], W: [W, [D, C]], b: [B, [C]] } as Record<string, [Float32Array, number[]]>;
    const a = await run(lg.model, feeds);
    const b = await run(compileLoss(lg).model, feeds);
    expect(b.loss![0]).toBe(a.loss![0]);
    expect(Array.from(b[lg.logits]!)).toEqual(Array.from(a[lg.logits]!));
  });
});

describe('input-gradient terms of an MLP equal penalties of its own first-order gradient graph', () => {
  function mlp(): ModelProto {
    const b = new ModelBuilder({ opset: 13 });
    const r = new Rng(4);
    const x = b.input('input', ['N', 1, 2, 3]);
    const h = b.node('Tanh', [b.node('Gemm', [b.node('Flatten', [x], { axis: 1 }), b.initializer('W1', [6, 5], r.fillNormal(30, 0.7)), b.initializer('b1', [5], r.fillNormal(5, 0.2))])]);
    b.output(b.node('Gemm', [b.node('Softplus', [h]), b.initializer('W2', [5, C], r.fillNormal(5 * C, 0.7))]));
    return b.build();
  }
  it('RRR and double backprop (L2, L1) from the gradient graph fed softmax cotangents', async () => {
    const model = mlp();
    const xs = new Rng(9).fillUniform(N * 6, -1, 1);
    const mask = Float32Array.from({ length: N * 6 }, (_, i) => (i % 4 === 0 ? 0 : 1));
    const lg = buildLoss(model, { terms: [rightReasons(5), doubleBackprop(2), doubleBackprop(1, 'l1')] });
    expect(lg.x).toBe('input');
    const out = await run(lg.model, {
      input: [xs, [N, 1, 2, 3]], labels: [LABELS, [N, C]], mask: [mask, [N, 1, 2, 3]],
      ...Object.fromEntries(lg.params.map((p) => [p.name, [p.values, p.shape]])),
    });
    // Reference: logits from the inference model, then its first-order graph with cotangents
    // 1 - C p (sum of log-probabilities) and p - y (cross-entropy).
    const first = compile(model);
    const z = (await run(model, { input: [xs, [N, 1, 2, 3]] }))[model.graph!.output![0]!.name!]!;
    const p = Array.from({ length: N }, (_, n) => {
      const row = Array.from(z.subarray(n * C, n * C + C));
      const m = Math.max(...row);
      const s = row.reduce((a, v) => a + Math.exp(v - m), 0);
      return row.map((v) => Math.exp(v - m) / s);
    });
    const inputGrad = async (ct: number[]) =>
      (await run(first.model, { input: [xs, [N, 1, 2, 3]], [first.cotangentInput]: [Float32Array.from(ct), [N, C]] }))[first.gradOutputs[0]!]!;
    const gl = await inputGrad(p.flatMap((row) => row.map((v) => 1 - C * v)));
    const gc = await inputGrad(p.flatMap((row, n) => row.map((v, k) => v - LABELS[n * C + k]!)));
    const perExample = (g: Float32Array, f: (v: number, i: number) => number) => mean((n) => Array.from(g.subarray(n * 6, n * 6 + 6)).reduce((a, v, d) => a + f(v, n * 6 + d), 0));
    const want = {
      rrr: 5 * perExample(gl, (v, i) => (mask[i]! * v) ** 2),
      grad_l2: 2 * perExample(gc, (v) => 0.5 * v * v),
      grad_l1: perExample(gc, (v) => Math.abs(v)),
    };
    for (const t of lg.terms) {
      expect(out[t.output]![0], t.name).toBeCloseTo(want[t.name as keyof typeof want], 4);
      expect(want[t.name as keyof typeof want]).toBeGreaterThan(1e-2);
    }
  });
});
