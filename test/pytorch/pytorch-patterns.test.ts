/**
 * Gradient checks on single-layer models in the exact node patterns `torch.onnx.export` emits
 * (see ./patterns.ts): each is compiled and compared with central finite differences of the
 * original model; the compiled model's copy of `output` must be bit-identical.
 */
import type { ModelProto } from '@axplain/onnx';
import { gradCheck } from '@axplain/node';
import { describe, expect, it } from 'vitest';
import {
  activationModel, adaptiveAvgPoolModel, avgPoolModel, batchNormModel, convModel, dropoutOnlyModel, flattenLinearModel,
  gluModel, layerNormModel, withValueInfo, linearModel, maxPoolModel, padModel, pixelShuffleModel, preluModel, resizeModel, softmaxModel,
  type Activation,
} from './patterns.js';

interface Case { name: string; build: () => ModelProto; wrt?: string[]; inputRange?: [number, number] }

const cases: Case[] = [];
const add = (name: string, build: () => ModelProto, extra: Partial<Case> = {}) => cases.push({ name, build, ...extra });

// ---- Conv ---------------------------------------------------------------------------------------
for (const opset of [11, 13, 17]) {
  add(`Conv1d(4,6,k3,s2,p1,groups2) opset ${opset}`, () => convModel(opset, { cin: 4, cout: 6, k: [3], spatial: [9], stride: 2, padding: 1, groups: 2 }), { wrt: ['input', 'conv.weight', 'conv.bias'] });
  add(`Conv2d(4,6,k3,s(2,1),p(1,2),d(2,1),groups2) opset ${opset}`, () => convModel(opset, { cin: 4, cout: 6, k: [3, 3], spatial: [7, 6], stride: [2, 1], padding: [1, 2], dilation: [2, 1], groups: 2 }), { wrt: ['input', 'conv.weight', 'conv.bias'] });
  add(`Conv3d(2,4,k(3,2,2),p(1,0,1),groups2) opset ${opset}`, () => convModel(opset, { cin: 2, cout: 4, k: [3, 2, 2], spatial: [4, 4, 4], padding: [1, 0, 1], groups: 2 }));
}
add('Conv2d depthwise(4,8,k3,groups4,bias=False) opset 13', () => convModel(13, { cin: 4, cout: 8, k: [3, 3], spatial: [5, 5], padding: 1, groups: 4, bias: false }), { wrt: ['input', 'conv.weight'] });
add('Conv3d(2,2,k3,s2,d2,p2) opset 17', () => convModel(17, { cin: 2, cout: 2, k: [3, 3, 3], spatial: [5, 5, 5], stride: 2, dilation: 2, padding: 2 }));
for (const opset of [11, 17]) {
  // (onnxruntime refuses auto_pad SAME_* with dilation > 1, so the auto_pad form is checked undilated.)
  add(`Conv2d padding='same' k3 (auto_pad SAME_UPPER) opset ${opset}`, () => convModel(opset, { cin: 3, cout: 4, k: [3, 3], spatial: [5, 6], padding: 'same' }), { wrt: ['input', 'conv.weight'] });
  add(`Conv2d padding='same' k3 d2 as explicit pads [2,2,2,2] opset ${opset}`, () => convModel(opset, { cin: 3, cout: 4, k: [3, 3], spatial: [5, 6], padding: 2, dilation: 2 }));
  add(`Conv3d padding='same' k3 (auto_pad SAME_UPPER) opset ${opset}`, () => convModel(opset, { cin: 2, cout: 2, k: [3, 3, 3], spatial: [3, 4, 3], padding: 'same' }));
  add(`Conv2d padding='same' even k4 (auto_pad SAME_UPPER) opset ${opset}`, () => convModel(opset, { cin: 2, cout: 3, k: [4, 2], spatial: [5, 6], padding: 'same' }));
  add(`Conv2d padding='same' even k(4,2) d1 as Pad(constant)+Conv opset ${opset}`, () => convModel(opset, { cin: 2, cout: 3, k: [4, 2], spatial: [5, 6], padding: 'same', sameForm: 'pad-conv' }));
  add(`Conv1d padding='same' k3 d2 as Conv pads opset ${opset}`, () => convModel(opset, { cin: 2, cout: 3, k: [3], spatial: [7], padding: 'same', dilation: 2, sameForm: 'pad-conv' }));
  add(`Conv1d padding='valid' (auto_pad VALID) opset ${opset}`, () => convModel(opset, { cin: 2, cout: 3, k: [3], spatial: [7], padding: 'valid', stride: 2 }));
}
for (const opset of [11, 13, 18]) {
  for (const mode of ['reflect', 'replicate', 'circular'] as const) {
    add(`Conv2d padding_mode='${mode}' p(1,2) opset ${opset}`, () => convModel(opset, { cin: 2, cout: 3, k: [3, 3], spatial: [5, 5], padding: [1, 2], paddingMode: mode }));
  }
}
add(`Conv1d padding_mode='reflect' (unfolded pads chain) opset 13`, () => convModel(13, { cin: 2, cout: 3, k: [3], spatial: [6], padding: 2, paddingMode: 'reflect', padForm: 'unfolded' }));
add(`Conv3d padding_mode='replicate' opset 17`, () => convModel(17, { cin: 1, cout: 2, k: [3, 3, 3], spatial: [3, 4, 3], padding: 1, paddingMode: 'replicate' }));
add(`Conv3d padding_mode='circular' opset 17`, () => convModel(17, { cin: 1, cout: 2, k: [2, 3, 3], spatial: [3, 4, 3], padding: [1, 1, 2], paddingMode: 'circular' }));

// ---- Pooling ------------------------------------------------------------------------------------
for (const opset of [11, 13, 17]) {
  add(`MaxPool1d(k3,s2,p1) opset ${opset}`, () => maxPoolModel(opset, { k: [3], spatial: [9], stride: [2], padding: [1] }));
  add(`MaxPool2d(k3,s2,p1,ceil_mode) opset ${opset}`, () => maxPoolModel(opset, { k: [3, 3], spatial: [6, 7], stride: [2, 2], padding: [1, 1], ceil: true }));
  add(`MaxPool2d(k2,s1,dilation2) opset ${opset}`, () => maxPoolModel(opset, { k: [2, 2], spatial: [5, 5], stride: [1, 1], dilation: [2, 2] }));
  add(`MaxPool3d(k2) opset ${opset}`, () => maxPoolModel(opset, { k: [2, 2, 2], spatial: [4, 4, 4] }));
  add(`MaxPool2d(k3,s2,p1) legacy one-output form opset ${opset}`, () => maxPoolModel(opset, { k: [3, 3], spatial: [6, 7], stride: [2, 2], padding: [1, 1] }, 3, 'legacy'));
  add(`MaxPool2d(k2,dilation2) legacy one-output form opset ${opset}`, () => maxPoolModel(opset, { k: [2, 2], spatial: [5, 5], stride: [1, 1], dilation: [2, 2] }, 3, 'legacy'));
  add(`AvgPool1d(k3,s2,p1) count_include_pad (Pad node) opset ${opset}`, () => avgPoolModel(opset, { k: [3], spatial: [8], stride: [2], padding: [1], cipForm: 'pad-node' }));
  add(`AvgPool1d(k3,s2,p1) count_include_pad=1 opset ${opset}`, () => avgPoolModel(opset, { k: [3], spatial: [8], stride: [2], padding: [1] }));
  add(`AvgPool2d(k3,s2,p1) count_include_pad (Pad node) opset ${opset}`, () => avgPoolModel(opset, { k: [3, 3], spatial: [6, 6], stride: [2, 2], padding: [1, 1], cipForm: 'pad-node' }));
  add(`AvgPool2d(k3,s2,p1) count_include_pad=1 opset ${opset}`, () => avgPoolModel(opset, { k: [3, 3], spatial: [6, 6], stride: [2, 2], padding: [1, 1] }));
  add(`AvgPool2d(k3,s2,p1,ceil_mode) count_include_pad=1 opset ${opset}`, () => avgPoolModel(opset, { k: [3, 3], spatial: [6, 7], stride: [2, 2], padding: [1, 1], ceil: true }));
  add(`AvgPool2d(k3,s2,p1,count_include_pad=False,ceil_mode) opset ${opset}`, () => avgPoolModel(opset, { k: [3, 3], spatial: [6, 7], stride: [2, 2], padding: [1, 1], countIncludePad: false, ceil: true }));
  add(`AvgPool2d(k2) ceil_mode opset ${opset}`, () => avgPoolModel(opset, { k: [2, 2], spatial: [5, 5], ceil: true }));
  add(`AvgPool3d(k2,p1,count_include_pad=False) opset ${opset}`, () => avgPoolModel(opset, { k: [2, 2, 2], spatial: [3, 4, 4], padding: [1, 1, 1], countIncludePad: false }));
  add(`AvgPool3d(k3,s2,p1) count_include_pad (Pad node) opset ${opset}`, () => avgPoolModel(opset, { k: [3, 3, 3], spatial: [4, 4, 4], stride: [2, 2, 2], padding: [1, 1, 1], cipForm: 'pad-node' }));
  add(`AvgPool3d(k3,s2,p1) count_include_pad=1 opset ${opset}`, () => avgPoolModel(opset, { k: [3, 3, 3], spatial: [4, 4, 4], stride: [2, 2, 2], padding: [1, 1, 1] }));
  add(`AdaptiveAvgPool2d(1) -> GlobalAveragePool opset ${opset}`, () => adaptiveAvgPoolModel(opset, [4, 5], [1, 1]));
  add(`AdaptiveAvgPool2d((2,2)) on 6x4 -> AveragePool opset ${opset}`, () => adaptiveAvgPoolModel(opset, [6, 4], [2, 2]));
}
add('AdaptiveAvgPool1d(1) -> GlobalAveragePool opset 13', () => adaptiveAvgPoolModel(13, [7], [1]));
add('AdaptiveAvgPool3d(1) -> GlobalAveragePool opset 13', () => adaptiveAvgPoolModel(13, [2, 3, 4], [1, 1, 1]));

// ---- BatchNorm (eval) ---------------------------------------------------------------------------
for (const opset of [11, 13, 15, 17]) {
  add(`BatchNorm1d on (N,C) opset ${opset}`, () => batchNormModel(opset, 5, []));
  add(`BatchNorm1d on (N,C,L) opset ${opset}`, () => batchNormModel(opset, 3, [6]));
  add(`BatchNorm2d opset ${opset}`, () => batchNormModel(opset, 3, [4, 4]), { wrt: ['input', 'bn.weight', 'bn.bias'] });
  add(`BatchNorm3d opset ${opset}`, () => batchNormModel(opset, 2, [3, 3, 3]));
}

// ---- Activations --------------------------------------------------------------------------------
const acts: Activation[] = ['relu', 'sigmoid', 'tanh', 'elu', 'selu', 'leaky_relu', 'softplus', 'softplus_beta2', 'softsign', 'softsign_op', 'hardtanh', 'relu6', 'clamp_min', 'gelu', 'gelu_tanh', 'silu', 'hardsigmoid', 'hardswish', 'mish'];
for (const opset of [11, 13, 14, 17, 18]) for (const a of acts) add(`${a} opset ${opset}`, () => activationModel(opset, a), a === 'relu6' ? { inputRange: [-2, 8] } : {});
add('gelu (Gelu op) opset 20', () => activationModel(20, 'gelu_op'));
for (const opset of [11, 13, 17]) {
  add(`PReLU(3) Unsqueeze(weight) opset ${opset}`, () => preluModel(opset, 3, 'unsqueeze'), { wrt: ['input', 'prelu.weight'] });
  add(`PReLU(1) Unsqueeze(weight) opset ${opset}`, () => preluModel(opset, 1, 'unsqueeze'), { wrt: ['input', 'prelu.weight'] });
  add(`PReLU(3) on (N,C) no Unsqueeze opset ${opset}`, () => preluModel(opset, 3, 'unsqueeze', 3, []), { wrt: ['input', 'prelu.weight'] });
  add(`PReLU(3) on (N,C,L) Unsqueeze to [C,1] opset ${opset}`, () => preluModel(opset, 3, 'unsqueeze', 3, [5]), { wrt: ['input', 'prelu.weight'] });
  add(`PReLU(3) folded [C,1,1] slope opset ${opset}`, () => preluModel(opset, 3, 'folded'), { wrt: ['input', 'onnx::PRelu_7'] });
}
add('GLU(dim=1) Split without sizes opset 11', () => gluModel(11, 'split-no-sizes'));
add('GLU(dim=1) Split split=[3,3] attribute opset 11', () => gluModel(11, 'split-attr'));
add('GLU(dim=-1 on last) Split split attr opset 11', () => gluModel(11, 'split-no-sizes', 3));
add('GLU(dim=1) Split without sizes opset 13', () => gluModel(13, 'split-no-sizes'));
add('GLU(dim=1) Split sizes Constant input opset 13', () => gluModel(13, 'split-input'));
add('GLU(dim=1) Split sizes Constant input opset 17', () => gluModel(17, 'split-input'));
add('GLU(dim=1) Split num_outputs=2 opset 18', () => gluModel(18, 'num-outputs'));
add('GLU(dim=1) Split without sizes opset 17', () => gluModel(17, 'split-no-sizes'));

// ---- Pads ---------------------------------------------------------------------------------------
const padKinds = ['reflect', 'replicate', 'constant', 'zero'] as const;
const padShapes: [string, number[], number[]][] = [
  ['1d', [6], [2, 1]],
  ['2d', [4, 5], [1, 2, 2, 0]],
  ['3d', [3, 3, 4], [1, 1, 0, 2, 1, 0]],
];
for (const opset of [11, 13, 18]) {
  for (const kind of padKinds) for (const [nd, sp, pad] of padShapes) {
    if (kind === 'zero' && nd !== '2d') continue;
    add(`${kind}Pad${nd} pads Constant opset ${opset}`, () => padModel(opset, kind, sp, pad, 'constant-node'));
  }
}
for (const opset of [11, 13, 17]) {
  for (const kind of padKinds) {
    add(`${kind}Pad2d pads initializer opset ${opset}`, () => padModel(opset, kind, [4, 5], [1, 2, 2, 0], 'initializer'));
    add(`${kind}Pad2d pads unfolded chain opset ${opset}`, () => padModel(opset, kind, [4, 5], [1, 2, 2, 0], 'unfolded'));
  }
}
add('reflectPad1d pads unfolded chain opset 18', () => padModel(18, 'reflect', [6], [2, 1], 'unfolded'));
add('replicatePad3d pads unfolded chain opset 13', () => padModel(13, 'replicate', [3, 3, 4], [1, 1, 0, 2, 1, 0], 'unfolded'));

// ---- PixelShuffle / PixelUnshuffle --------------------------------------------------------------
for (const opset of [11, 13, 17]) {
  add(`PixelShuffle(2) DepthToSpace CRD opset ${opset}`, () => pixelShuffleModel(opset, 'depth-to-space', false));
  add(`PixelShuffle(2) Reshape/Transpose/Reshape static opset ${opset}`, () => pixelShuffleModel(opset, 'reshape-static', false));
  add(`PixelShuffle(2) Reshape/Transpose/Reshape Shape-derived opset ${opset}`, () => pixelShuffleModel(opset, 'reshape-shape-derived', false));
  add(`PixelUnshuffle(2) Reshape/Transpose/Reshape static opset ${opset}`, () => pixelShuffleModel(opset, 'reshape-static', true));
  add(`PixelUnshuffle(2) Reshape/Transpose/Reshape Shape-derived opset ${opset}`, () => pixelShuffleModel(opset, 'reshape-shape-derived', true));
  add(`SpaceToDepth(2) opset ${opset}`, () => pixelShuffleModel(opset, 'space-to-depth', true));
}

// ---- Softmax / LogSoftmax -----------------------------------------------------------------------
for (const opset of [11, 13, 17]) {
  for (const op of ['Softmax', 'LogSoftmax'] as const) {
    add(`${op}(dim=1) on (N,10) opset ${opset}`, () => softmaxModel(opset, op, [10], 1));
    add(`${op}(dim=1) on (N,C,H,W) opset ${opset}`, () => softmaxModel(opset, op, [4, 3, 3], 1));
    add(`${op}(dim=-1) on (N,C,H,W) opset ${opset}`, () => softmaxModel(opset, op, [4, 3, 3], -1));
    add(`${op}(dim=2) on (N,C,L) opset ${opset}`, () => softmaxModel(opset, op, [3, 5], 2));
    add(`${op}(dim=0) on (N,C) opset ${opset}`, () => softmaxModel(opset, op, [3], 0));
  }
}

// ---- Linear / Flatten / Dropout -----------------------------------------------------------------
for (const opset of [11, 13, 17]) {
  add(`Linear 2-D Gemm(transB=1) opset ${opset}`, () => linearModel(opset, 'gemm'), { wrt: ['input', 'fc.weight', 'fc.bias'] });
  add(`Linear 3-D MatMul(folded W^T) + Add(bias, .) opset ${opset}`, () => linearModel(opset, 'matmul-add-folded', [3]), { wrt: ['input', 'onnx::MatMul_9', 'fc.bias'] });
  add(`Linear 3-D Transpose(W) + MatMul + Add opset ${opset}`, () => linearModel(opset, 'matmul-add-transpose', [3]), { wrt: ['input', 'fc.weight'] });
  add(`Linear 4-D MatMul + Add opset ${opset}`, () => linearModel(opset, 'matmul-add-folded', [2, 3]));
  add(`Linear(bias=False) 2-D MatMul opset ${opset}`, () => linearModel(opset, 'matmul-nobias'));
  add(`Flatten(axis=1) + Gemm opset ${opset}`, () => flattenLinearModel(opset, 'flatten'));
  add(`view(x.size(0), -1) Shape/Gather/Unsqueeze/Concat/Reshape + Gemm opset ${opset}`, () => flattenLinearModel(opset, 'view'));
  add(`Linear + Dropout(eval) as Identity opset ${opset}`, () => linearModel(opset, 'gemm', [], 5, 4, 'identity'));
  add(`Linear + Dropout node (eval) opset ${opset}`, () => linearModel(opset, 'gemm', [], 5, 4, 'dropout-node'));
  add(`Dropout alone (eval) -> Identity opset ${opset}`, () => dropoutOnlyModel(opset));
}

// ---- LayerNorm ----------------------------------------------------------------------------------
for (const opset of [11, 13, 16, 17, 18]) {
  add(`LayerNorm(C) on (N,L,C) opset ${opset}`, () => layerNormModel(opset, [3, 6], 1), { wrt: ['input', 'ln.weight', 'ln.bias'] });
  add(`LayerNorm((L,C)) on (N,L,C) opset ${opset}`, () => layerNormModel(opset, [3, 4], 2));
}

// ---- Resize / interpolate -----------------------------------------------------------------------
for (const opset of [11, 13, 17]) {
  add(`Upsample(scale 2, nearest) opset ${opset}`, () => resizeModel(opset, { spatial: [3, 4], mode: 'nearest', scale: 2 }));
  add(`Upsample(scale 2, bilinear, align_corners=False) opset ${opset}`, () => resizeModel(opset, { spatial: [3, 4], mode: 'linear', scale: 2 }));
  add(`Upsample(scale 2, bilinear, align_corners=True) opset ${opset}`, () => resizeModel(opset, { spatial: [3, 4], mode: 'linear', alignCorners: true, scale: 2 }));
  add(`Upsample(size=(5,7), nearest) Shape/Slice/Concat sizes opset ${opset}`, () => resizeModel(opset, { spatial: [3, 4], mode: 'nearest', size: [5, 7] }));
  add(`Upsample(size=(5,7), bilinear, align_corners=False) sizes opset ${opset}`, () => resizeModel(opset, { spatial: [3, 4], mode: 'linear', size: [5, 7] }));
  add(`Upsample(size=(5,7), bilinear, align_corners=True) sizes opset ${opset}`, () => resizeModel(opset, { spatial: [3, 4], mode: 'linear', alignCorners: true, size: [5, 7] }));
  add(`Upsample(scale 2, nearest) 1-D opset ${opset}`, () => resizeModel(opset, { spatial: [5], mode: 'nearest', scale: 2 }));
  add(`Upsample(scale 2, trilinear) 3-D opset ${opset}`, () => resizeModel(opset, { spatial: [2, 3, 2], mode: 'linear', scale: 2 }));
}
for (const opset of [11, 13, 17]) {
  add(`Upsample(scale 2, bilinear) pytorch_half_pixel opset ${opset}`, () => resizeModel(opset, { spatial: [3, 4], mode: 'linear', scale: 2, ctm: 'pytorch_half_pixel' }));
  add(`Upsample(size=(5,7), bilinear) pytorch_half_pixel sizes opset ${opset}`, () => resizeModel(opset, { spatial: [3, 4], mode: 'linear', size: [5, 7], ctm: 'pytorch_half_pixel' }));
}
add('interpolate(size, nearest) dynamo form opset 18', () => resizeModel(18, { spatial: [3, 4], mode: 'nearest', size: [6, 8], dynamo: true }));
add('interpolate(size, bilinear) dynamo form opset 18', () => resizeModel(18, { spatial: [3, 4], mode: 'linear', size: [5, 7], dynamo: true }));

async function check(model: ModelProto, c: Case): Promise<void> {
  const r = await gradCheck(model, { wrt: c.wrt, dims: { batch_size: 2 }, seed: 3, inputRange: c.inputRange });
  expect(r.forwardMaxAbsDiff).toBe(0);
  for (const p of r.perWrt) expect(p.gradNorm, `gradient of ${p.name} is zero`).toBeGreaterThan(0);
  expect(r.maxRelError).toBeLessThan(2e-2);
}

describe('PyTorch export patterns: gradients match finite differences; outputs unchanged', () => {
  it('covers every pattern once', () => {
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });
  for (const c of cases) it(c.name, () => check(c.build(), c));
});

// torch.onnx.export also writes value_info for intermediate tensors (its own shape inference);
// the compiler must give the same answers with those declarations present.
describe('PyTorch export patterns with intermediate value_info', () => {
  for (const c of cases) it(c.name, () => check(withValueInfo(c.build()), c));
});
