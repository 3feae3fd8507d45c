/**
 * Numerics a user can run into: NaN/Inf in inputs or weights, an overflowing model, an empty batch
 * and a one-class model each give a clear error or the documented result, never a silent NaN
 * attribution (before this, a NaN pixel gave NaN logits and an all-zero saliency map).
 */
import { integratedGradients, pgd, saliency, type Tensor } from '@axplain/core';
import { encodeModel, ModelBuilder } from '@axplain/onnx';
import { loadModel } from '@axplain/node';
import { NonFiniteError } from '@axplain/ort';
import { describe, expect, it } from 'vitest';

/** x [N, 4] -> Gemm(w [4, C]) logits; `w` as given. */
function linear(w: number[], classes: number): Uint8Array {
  const b = new ModelBuilder({ opset: 13 });
  const x = b.input('x', ['N', 4]);
  const wt = b.initializer('w', [4, classes], w);
  b.output(b.node('MatMul', [x, wt]));
  return encodeModel(b.build());
}
const x = (values: number[]): Tensor => ({ data: Float32Array.from(values), shape: [values.length / 4, 4] });
const W = [1, -1, 0.5, 2, -0.5, 1, 0, 0.25];

describe('non-finite values', () => {
  it('a NaN or Inf input is refused, naming the sample and index, for logits and gradients', async () => {
    const m = await loadModel(linear(W, 2));
    try {
      await expect(m.logits(x([1, 2, 3, 4, 1, NaN, 3, 4]))).rejects.toThrow(NonFiniteError);
      await expect(m.logits(x([1, 2, 3, 4, 1, NaN, 3, 4]))).rejects.toThrow('logits(): x holds NaN at sample 1, index 1; inputs must be finite');
      await expect(saliency(m, x([Infinity, 0, 0, 0]), { target: 0 })).rejects.toThrow('vjp(): x holds Infinity at sample 0, index 0');
      await expect(m.vjp(x([1, 2, 3, 4]), { data: Float32Array.of(1, NaN), shape: [1, 2] })).rejects.toThrow('vjp(): the cotangent holds NaN at sample 0, index 1');
      // Finite inputs still work: the closed form of a linear model.
      // W is [4, 2] row-major: d logit_1 / dx is its second column.
      expect(Array.from((await saliency(m, x([1, 2, 3, 4]), { target: 1 })).attribution.data)).toEqual([-1, 2, 1, 0.25]);
    } finally {
      await m.dispose();
    }
  });

  it('NaN weights: the error names the initializer; an overflowing model says so', async () => {
    const nanModel = await loadModel(linear([1, NaN, 0, 0, 0, 0, 0, 0], 2));
    await expect(nanModel.logits(x([1, 1, 1, 1]))).rejects.toThrow(/output '\w+' is NaN at sample 0, index 1 although the input is finite: the model's weights hold NaN\/Inf \(initializer 'w'\)/);
    await nanModel.dispose();
    const huge = await loadModel(linear([3e38, 3e38, 3e38, 3e38, 1, 1, 1, 1], 2));
    await expect(huge.logits(x([1, 1, 1, 1]))).rejects.toThrow(/output '\w+' is Infinity at sample 0, index 0 although the input is finite: the model overflows on this input/);
    // The same model on a small input is fine.
    expect(Array.from((await huge.logits(x([0, 0, 0, 0]))).data)).toEqual([0, 0]);
    await huge.dispose();
  });
});

describe('degenerate shapes', () => {
  it('an empty batch is a ShapeMismatchError naming the batch, for the model and for every method', async () => {
    const m = await loadModel(linear(W, 2));
    const empty: Tensor = { data: new Float32Array(0), shape: [0, 4] };
    await expect(m.logits(empty)).rejects.toThrow(/logits\(\): x for input 'x': expected shape \[N, 4\], got \[0, 4\]/);
    await expect(integratedGradients(m, empty, { target: 0 })).rejects.toThrow(/The batch is empty/);
    await m.dispose();
  });

  it('a one-class model: its logit is explained; softmax is 1; an untargeted attack reports failure, never a fake success', async () => {
    const m = await loadModel(linear([1, 2, 3, 4], 1));
    expect(m.classes).toBe(1);
    const s = await saliency(m, x([1, 1, 1, 1]), { target: 'predicted' });
    expect(Array.from(s.attribution.data)).toEqual([1, 2, 3, 4]);
    const r = await pgd(m, x([0.5, 0.5, 0.5, 0.5]), { eps: 0.5, norm: 'linf', steps: 5 });
    expect(Array.from(r.success)).toEqual([0]);
    await m.dispose();
  });
});
