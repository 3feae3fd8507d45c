/**
 * Small models for the model-io tests (issue 18): fully dynamic image dims, extra inputs (an
 * int64 sample rate and recurrent state), a saturating sigmoid head, a CTC-style sequence
 * output and a dense map. Weights are seeded.
 */
import { Rng } from '@axplain/core';
import { DT, encodeModel, ModelBuilder } from '@axplain/onnx';

const values = (n: number, seed: number, scale: number): number[] => {
  const r = new Rng(seed);
  return Array.from({ length: n }, () => r.uniform(-scale, scale));
};

/** [N, 3, H, W] (all symbolic) -> Conv 3x3 -> Tanh -> global average -> [N, 4]. */
export function dynamicCnn(): Uint8Array {
  const b = new ModelBuilder({ opset: 13 });
  const x = b.input('img', ['N', 3, 'H', 'W']);
  const c = b.node('Conv', [x, b.initializer('cw', [2, 3, 3, 3], values(54, 1, 0.6)), b.initializer('cb', [2], [0.1, -0.2])], { pads: [1, 1, 1, 1] });
  const f = b.node('Flatten', [b.node('GlobalAveragePool', [b.node('Tanh', [c])])]);
  b.output(b.node('MatMul', [f, b.initializer('w', [2, 4], values(8, 2, 2))]));
  return encodeModel(b.build());
}

/** img [N, 1, 4, 6], sr int64 [1], state [N, 3]: tanh(flatten(img) W + state) * sr / 16000 -> [N, 3]. */
export function extraInputsModel(): Uint8Array {
  const b = new ModelBuilder({ opset: 13 });
  const x = b.input('img', ['N', 1, 4, 6]);
  const sr = b.input('sr', [1], DT.INT64);
  const state = b.input('state', ['N', 3]);
  const h = b.node('Add', [b.node('MatMul', [b.node('Flatten', [x]), b.initializer('w', [24, 3], values(72, 3, 0.4))]), state]);
  const scale = b.node('Div', [b.node('Cast', [sr], { to: DT.FLOAT }), b.initializer('k', [1], [16000])]);
  b.output(b.node('Mul', [b.node('Tanh', [h]), scale]));
  return encodeModel(b.build());
}

/**
 * x [N, 4] -> x W + b -> Sigmoid -> [N, 3] (multi-label). Column 0 of W is 5s: at x = 1s its
 * logit is 20, where sigmoid is exactly 1.0 in float32.
 */
export function sigmoidHead(): Uint8Array {
  const b = new ModelBuilder({ opset: 13 });
  const w = [5, 0.3, -0.2, 5, -0.4, 0.1, 5, 0.2, 0.5, 5, 0.1, -0.3];
  const z = b.node('Add', [b.node('MatMul', [b.input('x', ['N', 4]), b.initializer('w', [4, 3], w)]), b.initializer('b', [3], [0, 0.1, -0.1])]);
  b.output(b.node('Sigmoid', [z]));
  return encodeModel(b.build());
}

/**
 * A CTC-style recogniser: a grey image [N, 1, 8, 12] read column by column (T = 12 positions of
 * 8 features) -> tanh(x W1 + b1) W2 -> Softmax over C = 7 -> [N, 12, 7].
 */
export function ctcModel(): Uint8Array {
  const b = new ModelBuilder({ opset: 13 });
  const x = b.input('img', ['N', 1, 8, 12]);
  const seq = b.node('Transpose', [b.node('Reshape', [x, b.initializer('shape', [3], [-1, 8, 12], DT.INT64)])], { perm: [0, 2, 1] });
  const h = b.node('Tanh', [b.node('Add', [b.node('MatMul', [seq, b.initializer('w1', [8, 6], values(48, 4, 0.9))]), b.initializer('b1', [6], values(6, 5, 0.3))])]);
  const logits = b.node('MatMul', [h, b.initializer('w2', [6, 7], values(42, 6, 1.5))]);
  b.output(b.node('Softmax', [logits], { axis: -1 }));
  return encodeModel(b.build());
}

/** A dense map: image [N, 3, 6, 8] -> Conv 3x3 (one channel) -> Tanh -> [N, 1, 6, 8]. */
export function denseMapModel(): Uint8Array {
  const b = new ModelBuilder({ opset: 13 });
  const x = b.input('img', ['N', 3, 6, 8]);
  const c = b.node('Conv', [x, b.initializer('cw', [1, 3, 3, 3], values(27, 7, 0.5)), b.initializer('cb', [1], [0.05])], { pads: [1, 1, 1, 1] });
  b.output(b.node('Tanh', [c]));
  return encodeModel(b.build());
}

/** Seeded values in [lo, hi). */
export const seeded = (n: number, seed: number, lo = 0, hi = 1): Float32Array => {
  const r = new Rng(seed);
  return Float32Array.from({ length: n }, () => r.uniform(lo, hi));
};
