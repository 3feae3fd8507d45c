/** Batch norm, activations, PReLU, GLU, pixel shuffle and softmax in the exporter's node patterns. */
import { type ModelProto } from '@axplain/onnx';
import { B, TorchGraph } from './torch-graph.js';
// ---- batch norm -----------------------------------------------------------------------------

export function batchNormModel(opset: number, C: number, spatial: number[]): ModelProto {
  const g = new TorchGraph(opset);
  const x = g.input([B, C, ...spatial]);
  const w = g.param('bn.weight', [C], 1.5, 0.5);
  const b = g.param('bn.bias', [C], 0.5);
  const m = g.param('bn.running_mean', [C], 0.3);
  const v = g.param('bn.running_var', [C], 1.5, 0.5);
  // symbolic_opset9 (< 14): epsilon, momentum = 1 - 0.1; symbolic_opset14 adds training_mode=0.
  const y = g.op('BatchNormalization', [x, w, b, m, v], {
    epsilon: { f: 1e-5 }, momentum: { f: 0.9 }, training_mode: opset >= 14 ? 0 : undefined,
  }, '/bn');
  g.output(y, [B, C, ...spatial]);
  return g.build();
}

// ---- activations ----------------------------------------------------------------------------

export type Activation =
  | 'relu' | 'sigmoid' | 'tanh' | 'elu' | 'selu' | 'leaky_relu' | 'softplus' | 'softplus_beta2' | 'softsign' | 'softsign_op'
  | 'hardtanh' | 'relu6' | 'clamp_min' | 'gelu' | 'gelu_tanh' | 'gelu_op' | 'silu' | 'hardsigmoid' | 'hardswish' | 'mish';

export function activationModel(opset: number, act: Activation, shape: number[] = [3, 4, 4]): ModelProto {
  const g = new TorchGraph(opset);
  const x = g.input([B, ...shape]);
  const s = '/act';
  let y: string;
  switch (act) {
    case 'relu': y = g.op('Relu', [x], {}, s); break;
    case 'sigmoid': y = g.op('Sigmoid', [x], {}, s); break;
    case 'tanh': y = g.op('Tanh', [x], {}, s); break;
    case 'elu': y = g.op('Elu', [x], { alpha: { f: 1 } }, s); break;
    case 'selu': y = g.op('Selu', [x], {}, s); break; // symbolic_opset9.selu: no attributes (ONNX defaults)
    case 'leaky_relu': y = g.op('LeakyRelu', [x], { alpha: { f: 0.1 } }, s); break;
    case 'softplus': y = g.op('Softplus', [x], {}, s); break;
    case 'softplus_beta2': {
      // symbolic_opset9.softplus with beta != 1: Div(Softplus(Mul(x, beta)), beta).
      const beta = g.constF([2], [], s);
      y = g.op('Div', [g.op('Softplus', [g.op('Mul', [x, beta], {}, s)], {}, s), beta], {}, s);
      break;
    }
    case 'softsign': {
      // F.softsign is Python: input / (input.abs() + 1).
      y = g.op('Div', [x, g.op('Add', [g.op('Abs', [x], {}, s), g.constF([1], [], s)], {}, s)], {}, s);
      break;
    }
    case 'softsign_op': y = g.op('Softsign', [x], {}, s); break;
    case 'hardtanh': // symbolic_opset11.hardtanh: Clip(x, Constant(min), Constant(max))
      y = g.op('Clip', [x, g.constF([-0.5], [], s), g.constF([0.5], [], s)], {}, s); break;
    case 'relu6':
      y = g.op('Clip', [x, g.constF([0], [], s), g.constF([6], [], s)], {}, s); break;
    case 'clamp_min': // torch.clamp(x, min=-0.25): symbolic_opset11.clamp with max None -> Clip(x, min, '')
      y = g.op('Clip', [x, g.constF([-0.25], [], s), ''], {}, s); break;
    case 'gelu': {
      // symbolic_opset9.gelu (approximate='none'), opset < 20.
      const erf = g.op('Erf', [g.op('Div', [x, g.constF([Math.SQRT2], [], s)], {}, s)], {}, s);
      const plus1 = g.op('Add', [erf, g.constF([1], [], s)], {}, s);
      y = g.op('Mul', [g.op('Mul', [x, plus1], {}, s), g.constF([0.5], [], s)], {}, s);
      break;
    }
    case 'gelu_tanh': {
      const cube = g.op('Mul', [x, g.op('Mul', [x, x], {}, s)], {}, s);
      const inner = g.op('Mul', [g.constF([Math.sqrt(2 / Math.PI)], [], s), g.op('Add', [x, g.op('Mul', [g.constF([0.044715], [], s), cube], {}, s)], {}, s)], {}, s);
      const t = g.op('Add', [g.constF([1], [], s), g.op('Tanh', [inner], {}, s)], {}, s);
      y = g.op('Mul', [g.constF([0.5], [], s), g.op('Mul', [x, t], {}, s)], {}, s);
      break;
    }
    case 'gelu_op': y = g.op('Gelu', [x], { approximate: 'none' }, s); break; // opset 20
    case 'silu': y = g.op('Mul', [x, g.op('Sigmoid', [x], {}, s)], {}, s); break; // symbolic_opset9.silu
    case 'hardsigmoid': y = g.op('HardSigmoid', [x], { alpha: { f: 1 / 6 } }, s); break;
    case 'hardswish': // HardSwish op from opset 14; before, x * HardSigmoid(x, alpha=1/6)
      y = g.opset >= 14 ? g.op('HardSwish', [x], {}, s) : g.op('Mul', [x, g.op('HardSigmoid', [x], { alpha: { f: 1 / 6 } }, s)], {}, s);
      break;
    case 'mish': // Mish op from opset 18; before, x * tanh(softplus(x))
      y = g.opset >= 18 ? g.op('Mish', [x], {}, s) : g.op('Mul', [x, g.op('Tanh', [g.op('Softplus', [x], {}, s)], {}, s)], {}, s);
      break;
  }
  g.output(y, [B, ...shape]);
  return g.build();
}

export type PreluForm = 'unsqueeze' | 'folded';

/** nn.PReLU(num_parameters) on N,C,H,W: weight unsqueezed to [C,1,1] (or folded into an initializer). */
export function preluModel(opset: number, numParams: number, form: PreluForm, C = 3, spatial: number[] = [4, 4]): ModelProto {
  const g = new TorchGraph(opset);
  const x = g.input([B, C, ...spatial]);
  const ones = spatial.map(() => 1);
  let w: string;
  if (form === 'folded') w = g.param('onnx::PRelu_7', [numParams, ...ones], 0.5);
  else if (spatial.length === 0) w = g.param('prelu.weight', [numParams], 0.5); // rank 2: no unsqueeze
  else w = g.unsqueeze(g.param('prelu.weight', [numParams], 0.5), spatial.map((_, i) => i + 1), '/prelu');
  g.output(g.op('PRelu', [x, w], {}, '/prelu'), [B, C, ...spatial]);
  return g.build();
}

export type GluForm = 'split-no-sizes' | 'split-attr' | 'split-input' | 'num-outputs';

/** nn.GLU(dim): Split(2) -> Mul(first, Sigmoid(second)). */
export function gluModel(opset: number, form: GluForm, dim = 1): ModelProto {
  const g = new TorchGraph(opset);
  const shape = [6, 3, 4];
  const x = g.input([B, ...shape]);
  const h = shape[dim - 1]! / 2;
  const s = '/glu';
  let parts: string[];
  if (form === 'split-no-sizes') parts = g.opN('Split', [x], { axis: dim }, s, 2);
  else if (form === 'split-attr') parts = g.opN('Split', [x], { axis: dim, split: [h, h] }, s, 2);
  else if (form === 'split-input') parts = g.opN('Split', [x, g.constI64([h, h], [2], s)], { axis: dim }, s, 2);
  else parts = g.opN('Split', [x], { axis: dim, num_outputs: 2 }, s, 2);
  const y = g.op('Mul', [parts[0]!, g.op('Sigmoid', [parts[1]!], {}, s)], {}, s);
  const out = [...shape];
  out[dim - 1] = h;
  g.output(y, [B, ...out]);
  return g.build();
}

// ---- pixel shuffle --------------------------------------------------------------------------

export type ShuffleForm = 'depth-to-space' | 'reshape-static' | 'reshape-shape-derived' | 'space-to-depth';

/** nn.PixelShuffle(r) (depth-to-space forms) / nn.PixelUnshuffle(r) (space-to-depth forms). */
export function pixelShuffleModel(opset: number, form: ShuffleForm, unshuffle: boolean, r = 2): ModelProto {
  const g = new TorchGraph(opset);
  const s = unshuffle ? '/pixel_unshuffle' : '/pixel_shuffle';
  const [C, H, W] = unshuffle ? [2, 4, 6] : [8, 2, 3];
  const x = g.input([B, C, H, W]);
  const outShape = unshuffle ? [C * r * r, H / r, W / r] : [C / (r * r), H * r, W * r];
  let y: string;
  if (form === 'depth-to-space') y = g.op('DepthToSpace', [x], { blocksize: r, mode: 'CRD' }, s); // symbolic_opset11.pixel_shuffle
  else if (form === 'space-to-depth') y = g.op('SpaceToDepth', [x], { blocksize: r }, s); // not torch's (DCR order); a generic check
  else if (form === 'reshape-static') {
    if (!unshuffle) {
      // symbolic_opset9.pixel_shuffle, static dims.
      const oc = C / r / r;
      const v = g.reshape(x, g.constI64([-1, oc, r, r, H, W], [6], s), s);
      const t = g.op('Transpose', [v], { perm: [0, 1, 4, 2, 5, 3] }, s);
      y = g.reshape(t, g.constI64([-1, oc, H * r, W * r], [4], s), s);
    } else {
      // symbolic_opset9.pixel_unshuffle (all opsets), static dims.
      const v = g.reshape(x, g.constI64([-1, C, H / r, r, W / r, r], [6], s), s);
      const t = g.op('Transpose', [v], { perm: [0, 1, 3, 5, 2, 4] }, s);
      y = g.reshape(t, g.constI64([-1, C * r * r, H / r, W / r], [4], s), s);
    }
  } else {
    // A hand-written shuffle: b, c, h, w = x.size(); x.view(b, c // r // r, r, r, h, w) ... With only the batch
    // dynamic, export-time shape inference turns the static sizes into constants; the batch comes
    // from Shape -> Gather(Constant 0) -> Unsqueeze, and Concat assembles the shapes.
    const batch = g.unsqueeze(g.op('Gather', [g.op('Shape', [x], {}, s), g.constI64([0], [], s)], { axis: 0 }, s), [0], s);
    const shapeOf = (dims: number[]) => g.op('Concat', [batch, ...dims.map((d) => g.constI64([d], [1], s))], { axis: 0 }, s);
    if (!unshuffle) {
      const oc = C / r / r;
      const v = g.reshape(x, shapeOf([oc, r, r, H, W]), s);
      const t = g.op('Transpose', [v], { perm: [0, 1, 4, 2, 5, 3] }, s);
      y = g.reshape(t, shapeOf([oc, H * r, W * r]), s);
    } else {
      const v = g.reshape(x, shapeOf([C, H / r, r, W / r, r]), s);
      const t = g.op('Transpose', [v], { perm: [0, 1, 3, 5, 2, 4] }, s);
      y = g.reshape(t, shapeOf([C * r * r, H / r, W / r]), s);
    }
  }
  g.output(y, [B, ...outShape]);
  return g.build();
}

// ---- softmax --------------------------------------------------------------------------------

/** nn.Softmax(dim) / nn.LogSoftmax(dim) on [N, ...shape]. */
export function softmaxModel(opset: number, op: 'Softmax' | 'LogSoftmax', shape: number[], dim: number): ModelProto {
  const g = new TorchGraph(opset);
  const x = g.input([B, ...shape]);
  const rank = shape.length + 1;
  const s = op === 'Softmax' ? '/softmax' : '/log_softmax';
  let y: string;
  if (opset >= 13) y = g.op(op, [x], { axis: dim }, s); // symbolic_opset13: the dim as given
  else {
    // symbolic_opset9: dim made positive; a non-last dim is swapped to the end and back.
    const d = dim < 0 ? rank + dim : dim;
    if (d === rank - 1) y = g.op(op, [x], { axis: d }, s);
    else {
      const perm = Array.from({ length: rank }, (_, i) => i);
      perm[d] = rank - 1;
      perm[rank - 1] = d;
      const t = g.op('Transpose', [x], { perm }, s);
      y = g.op('Transpose', [g.op(op, [t], { axis: rank - 1 }, s)], { perm }, s);
    }
  }
  g.output(y, [B, ...shape]);
  return g.build();
}
