import { encodeModel, ModelBuilder } from '@axplain/onnx';
import { describe, expect, it } from 'vitest';
import { loadModel } from './load-model.js';

// f(x) = softmax(W x + b) with W = [[1, 0], [0, 2], [1, 1]], b = [0, 1, -1].
function softmaxModel(): Uint8Array {
  const b = new ModelBuilder({ opset: 13 });
  const x = b.input('x', ['N', 2]);
  const w = b.initializer('w', [2, 3], [1, 0, 1, 0, 2, 1]);
  const bias = b.initializer('b', [3], [0, 1, -1]);
  const z = b.node('Add', [b.node('MatMul', [x, w]), bias]);
  b.output(b.node('Softmax', [z], { axis: -1 }));
  return encodeModel(b.build());
}
const x = { data: Float32Array.of(0.5, -1, 2, 0.25), shape: [2, 2] };
const logitsOf = (v: Float32Array) => [v[0]! * 1 + v[1]! * 0, v[0]! * 0 + v[1]! * 2 + 1, v[0]! + v[1]! - 1];

describe('which tensor holds the logits', () => {
  it('a model ending in Softmax is read at the Softmax input, and says so', async () => {
    const m = await loadModel(softmaxModel());
    try {
      expect(m.outputNote).toMatch(/ends in Softmax.*is used as the logits/);
      const z = await m.logits(x);
      expect(Array.from(z.data)).toEqual([...logitsOf(x.data.subarray(0, 2)), ...logitsOf(x.data.subarray(2, 4))].map(Math.fround));
      // The gradient of logit 1 is column 1 of W: [0, 2].
      const g = await m.vjp(x, { data: Float32Array.of(0, 1, 0, 0, 1, 0), shape: [2, 3] });
      expect(Array.from(g.grad.data)).toEqual([0, 2, 0, 2]);
    } finally { await m.dispose(); }
  });

  it('naming the Softmax output explains probabilities', async () => {
    const m = await loadModel(softmaxModel(), { output: 'softmax_2' });
    try {
      expect(m.outputNote).toBeUndefined();
      const p = await m.logits(x);
      expect(p.data[0]! + p.data[1]! + p.data[2]!).toBeCloseTo(1, 6);
    } finally { await m.dispose(); }
  });

  it('any intermediate tensor may be named as the output', async () => {
    const m = await loadModel(softmaxModel(), { output: 'matmul_0' });
    try {
      expect(m.outputName).toBe('matmul_0');
      expect(Array.from((await m.logits(x)).data.subarray(0, 3))).toEqual([0.5, -2, -0.5]);
    } finally { await m.dispose(); }
  });
});
