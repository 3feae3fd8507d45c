/** Convolution and pooling layers in the exporter's node patterns. */
import { type ModelProto } from '@axplain/onnx';
import { B, convOut, onnxPads, type PadForm, rep, TorchGraph, type Attrs, circularPad } from './torch-graph.js';
// ---- convolution ----------------------------------------------------------------------------

export interface ConvSpec {
  cin: number; cout: number; k: number[]; spatial: number[];
  stride?: number | number[]; padding?: number | number[] | 'same' | 'valid'; dilation?: number | number[]; groups?: number;
  bias?: boolean;
  /** nn.ConvNd padding_mode other than 'zeros': F.pad then Conv with zero pads. */
  paddingMode?: 'reflect' | 'replicate' | 'circular';
  /** How a padding_mode pad's `pads` input is written. */
  padForm?: PadForm;
  /** padding='same' as ATen's _convolution_mode decomposes it (constant_pad_nd for the odd extra
   * element, then symmetric Conv pads) instead of auto_pad. */
  sameForm?: 'auto_pad' | 'pad-conv';
}

export function convModel(opset: number, s: ConvSpec): ModelProto {
  const g = new TorchGraph(opset);
  const nd = s.k.length;
  const stride = rep(s.stride ?? 1, nd);
  const dil = rep(s.dilation ?? 1, nd);
  const groups = s.groups ?? 1;
  let x = g.input([B, s.cin, ...s.spatial]);
  const fanIn = (s.cin / groups) * s.k.reduce((a, b) => a * b, 1);
  const bound = 1 / Math.sqrt(fanIn);
  const w = g.param('conv.weight', [s.cout, s.cin / groups, ...s.k], bound);
  const ins = [x, w];
  if (s.bias !== false) ins.push(g.param('conv.bias', [s.cout], bound));
  let spatial = s.spatial;
  let out: number[];
  if (s.padding === 'same' && s.sameForm === 'pad-conv') {
    const total = s.k.map((k, i) => dil[i]! * (k - 1));
    const left = total.map((t) => Math.floor(t / 2));
    const torchPad = [...total].reverse().flatMap((t, j) => [0, t - left[nd - 1 - j]! - left[nd - 1 - j]!]);
    if (torchPad.some((p) => p > 0)) {
      const pads = onnxPads(g, nd + 2, torchPad, s.padForm ?? 'constant-node', '/conv');
      x = g.op('Pad', [x, pads, g.constF([0], [], '/conv')], { mode: 'constant' }, '/conv');
      spatial = spatial.map((l, i) => l + total[i]! - 2 * left[i]!);
    }
    ins[0] = x;
    const y = g.op('Conv', ins, { dilations: dil, group: groups, kernel_shape: s.k, pads: [...left, ...left], strides: stride }, '/conv');
    g.output(y, [B, s.cout, ...spatial.map((l, i) => convOut(l, s.k[i]!, stride[i]!, left[i]!, left[i]!, dil[i]!))]);
    return g.build();
  }
  if (s.padding === 'same' || s.padding === 'valid') {
    // symbolic_opset9._convolution_mode: auto_pad SAME_UPPER / VALID, no pads attribute.
    ins[0] = x;
    const y = g.op('Conv', ins, {
      kernel_shape: s.k, strides: stride, auto_pad: s.padding === 'same' ? 'SAME_UPPER' : 'VALID', dilations: dil, group: groups,
    }, '/conv');
    out = s.padding === 'same' ? spatial.map((l, i) => Math.ceil(l / stride[i]!)) : spatial.map((l, i) => convOut(l, s.k[i]!, stride[i]!, 0, 0, dil[i]!));
    g.output(y, [B, s.cout, ...out]);
    return g.build();
  }
  const pad = rep(s.padding ?? 0, nd);
  let convPads = [...pad, ...pad];
  if (s.paddingMode) {
    // nn.ConvNd._conv_forward: F.pad(input, _reversed_padding_repeated_twice, mode) then conv with padding 0.
    const torchPad = [...pad].reverse().flatMap((p) => [p, p]);
    if (s.paddingMode === 'circular') x = circularPad(g, x, torchPad, '/conv');
    else {
      const pads = onnxPads(g, nd + 2, torchPad, s.padForm ?? 'constant-node', '/conv');
      x = g.op('Pad', [x, pads], { mode: s.paddingMode === 'reflect' ? 'reflect' : 'edge' }, '/conv');
    }
    spatial = spatial.map((l, i) => l + 2 * pad[i]!);
    convPads = Array(2 * nd).fill(0);
    ins[0] = x;
  }
  const y = g.op('Conv', ins, { dilations: dil, group: groups, kernel_shape: s.k, pads: convPads, strides: stride }, '/conv');
  out = spatial.map((l, i) => convOut(l, s.k[i]!, stride[i]!, convPads[i]!, convPads[i + nd]!, dil[i]!));
  g.output(y, [B, s.cout, ...out]);
  return g.build();
}

// ---- pooling --------------------------------------------------------------------------------

export interface PoolSpec {
  k: number[]; spatial: number[]; stride?: number[]; padding?: number[]; dilation?: number[]; ceil?: boolean;
  /** AvgPool: count_include_pad (torch default true). */
  countIncludePad?: boolean;
  /** 'attribute' (torch 2.x symbolic_opset10._avg_pool: count_include_pad always written, 0 or 1) or
   * 'pad-node' (older symbolic_opset11._avg_pool: with count_include_pad and padding, an explicit
   * Pad, then AveragePool with zero pads and no count_include_pad). */
  cipForm?: 'pad-node' | 'attribute';
}

export function maxPoolModel(opset: number, s: PoolSpec, C = 3, form: 'two-outputs' | 'legacy' = 'two-outputs'): ModelProto {
  const g = new TorchGraph(opset);
  const nd = s.k.length;
  const stride = s.stride ?? s.k;
  const pad = s.padding ?? Array(nd).fill(0);
  const dil = s.dilation ?? Array(nd).fill(1);
  const x = g.input([B, C, ...s.spatial]);
  let y: string;
  if (form === 'two-outputs') {
    // symbolic_opset10._aten_max_pool_onnx (torch 2.x): MaxPool with outputs=2 (Indices unused),
    // dilations always written.
    y = g.opN('MaxPool', [x], { ceil_mode: s.ceil ? 1 : 0, dilations: dil, kernel_shape: s.k, pads: [...pad, ...pad], strides: stride }, '/pool', 2)[0]!;
  } else {
    // Older symbolic_opset10._max_pool: one output, dilations only when not all 1.
    y = g.op('MaxPool', [x], {
      ceil_mode: s.ceil ? 1 : 0, dilations: dil.every((d) => d === 1) ? undefined : dil, kernel_shape: s.k, pads: [...pad, ...pad], strides: stride,
    }, '/pool');
  }
  g.output(y, [B, C, ...s.spatial.map((l, i) => convOut(l, s.k[i]!, stride[i]!, pad[i]!, pad[i]!, dil[i]!, s.ceil))]);
  return g.build();
}

export function avgPoolModel(opset: number, s: PoolSpec, C = 3): ModelProto {
  const g = new TorchGraph(opset);
  const nd = s.k.length;
  const stride = s.stride ?? s.k;
  let pad = s.padding ?? Array(nd).fill(0);
  let x = g.input([B, C, ...s.spatial]);
  const cip = s.countIncludePad ?? true;
  const out = s.spatial.map((l, i) => convOut(l, s.k[i]!, stride[i]!, pad[i]!, pad[i]!, 1, s.ceil));
  const attrs: Attrs = {};
  if ((s.cipForm ?? 'attribute') === 'attribute') attrs.count_include_pad = cip ? 1 : 0;
  else if (cip && pad.some((p) => p > 0)) {
    // Older symbolic_opset11._avg_pool: Pad(input, Constant(((0,)*2 + padding)*2), mode='constant').
    x = g.op('Pad', [x, g.constI64([0, 0, ...pad, 0, 0, ...pad], [2 * (nd + 2)], '/pool')], { mode: 'constant' }, '/pool');
    pad = Array(nd).fill(0);
  }
  const y = g.op('AveragePool', [x], { ceil_mode: s.ceil ? 1 : 0, ...attrs, kernel_shape: s.k, pads: [...pad, ...pad], strides: stride }, '/pool');
  g.output(y, [B, C, ...out]);
  return g.build();
}

/** nn.AdaptiveAvgPoolNd: GlobalAveragePool for output 1, else AveragePool(kernel = stride = in/out). */
export function adaptiveAvgPoolModel(opset: number, spatial: number[], outSize: number[], C = 3): ModelProto {
  const g = new TorchGraph(opset);
  const x = g.input([B, C, ...spatial]);
  let y: string;
  if (outSize.every((o) => o === 1)) y = g.op('GlobalAveragePool', [x], {}, '/pool');
  else {
    const k = spatial.map((l, i) => l / outSize[i]!);
    // symbolic_opset9._adaptive_pool -> avg_pool(input, k, k, 0, ceil_mode=False, count_include_pad=False)
    y = g.op('AveragePool', [x], { ceil_mode: 0, count_include_pad: 0, kernel_shape: k, pads: Array(2 * k.length).fill(0), strides: k }, '/pool');
  }
  g.output(y, [B, C, ...outSize]);
  return g.build();
}
