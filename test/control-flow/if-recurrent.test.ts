/**
 * The shipped-model case of the control-flow issue: a model whose body is an `If` over recurrent
 * subgraphs, chosen by an int64 sample-rate input, with a recurrent-state input — an LSTM branch
 * for 16 kHz and a GRU branch otherwise, both reading the input and the state from the outer
 * scope. Loaded with `feeds` for the sample rate and the state, its input gradient equals central
 * differences through the original model in both branches (it was once a silent zero).
 */
import { Rng } from '@axplain/core';
import { loadModel } from '@axplain/node';
import { DT, encodeModel, ModelBuilder } from '@axplain/onnx';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { directionalCheck, originalScore } from '../support/original-model.js';
import { graph, node } from './models.js';

const T = 5, D = 3, H = 4, C = 2;

function ifOverRecurrent(): Uint8Array {
  const rng = new Rng(31);
  const w = (n: number, s = 0.5) => Array.from(rng.fillNormal(n, s));
  const b = new ModelBuilder({ opset: 17 });
  const x = b.input('x', [1, T, D]);
  const sr = b.input('sr', [1], DT.INT64);
  const h0 = b.input('h0', [1, 1, H]);
  const seq = b.node('Transpose', [x], { perm: [1, 0, 2] }); // [T, 1, D], the recurrent ops' layout 0
  const lstmW = b.initializer('lstm_w', [1, 4 * H, D], w(4 * H * D)), lstmR = b.initializer('lstm_r', [1, 4 * H, H], w(4 * H * H));
  const lstmB = b.initializer('lstm_b', [1, 8 * H], w(8 * H, 0.1));
  const gruW = b.initializer('gru_w', [1, 3 * H, D], w(3 * H * D)), gruR = b.initializer('gru_r', [1, 3 * H, H], w(3 * H * H));
  const gruB = b.initializer('gru_b', [1, 6 * H], w(6 * H, 0.1));
  const head = b.initializer('head', [H, C], w(H * C, 1)), flat = b.initializer('flat', [2], [1, H], DT.INT64);
  const cond = b.node('Greater', [sr, b.initializer('khz12', [1], [12000], DT.INT64)]);
  const hidden = { name: 'hidden_size', type: 2, i: H };
  const branch = (name: string, op: 'LSTM' | 'GRU', wt: string, r: string, bias: string) => graph(name, [
    node(op, [seq, wt, r, bias, '', h0], [`${name}_y`, `${name}_yh`], [hidden]),
    node('Reshape', [`${name}_yh`, flat], [`${name}_h`]),
    node('MatMul', [`${name}_h`, head], [`${name}_out`]),
  ], [], [[`${name}_out`, [1, C]]]);
  b.output(b.node('If', [cond], { then_branch: branch('lstm', 'LSTM', lstmW, lstmR, lstmB) as never, else_branch: branch('gru', 'GRU', gruW, gruR, gruB) as never }));
  return encodeModel(b.build());
}

describe('If over recurrent subgraphs, with an int64 sample rate and a state input', () => {
  const bytes = ifOverRecurrent();
  const rng = new Rng(4);
  const x = rng.fillUniform(T * D, -1, 1);
  const state = rng.fillUniform(H, -0.5, 0.5);
  for (const rate of [16000, 8000]) {
    it(`${rate} Hz (${rate > 12000 ? 'LSTM' : 'GRU'} branch): vjp equals central differences through the original model`, async () => {
      const m = await loadModel(bytes, { input: 'x', feeds: { sr: rate, h0: { data: state, shape: [1, H] } } }); // per sample: h0's first axis is read as the batch
      try {
        const ct = Float32Array.of(1, -0.5);
        const { grad, logits } = await m.vjp({ data: x, shape: [1, T, D] }, { data: ct, shape: [1, C] });
        const orig = await originalScore(bytes, 'x', [1, T, D], m.outputName, ct, {
          sr: new ort.Tensor('int64', BigInt64Array.of(BigInt(rate)), [1]), h0: new ort.Tensor('float32', state, [1, 1, H]),
        });
        try {
          expect([...logits.data]).toEqual([...(await orig.output(x))]);
          expect(grad.data.some((v) => v !== 0)).toBe(true);
          const r = await directionalCheck(orig.score, x, grad.data, { h: 1e-2, random: 3, seed: 7 });
          expect(r.worst, JSON.stringify(r.rows)).toBeLessThan(5e-3);
        } finally {
          await orig.release();
        }
      } finally {
        await m.dispose();
      }
    });
  }
});
