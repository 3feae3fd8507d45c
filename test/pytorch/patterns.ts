/**
 * Single-layer models as `torch.onnx.export` (the TorchScript-based exporter, torch 1.13-2.x;
 * a few dynamo/opset-18 forms where noted) writes them, rebuilt node for node in TypeScript:
 * module-scoped node names (`/conv/Conv`, output `/conv/Conv_output_0`), `Constant` nodes for
 * literals, weights as initializers named like the state dict (`conv.weight`), int64 literals
 * exact (INT64_MAX included), graph input `input` and output `output`, both with the dynamic
 * batch axis `batch_size` (`dynamic_axes={'input': {0: 'batch_size'}, 'output': {0: 'batch_size'}}`).
 *
 * Where the exporter's form depends on the opset (Unsqueeze/Split/ReduceMean attributes vs
 * inputs, Softmax's transposes before 13, LayerNormalization at 17, Reshape's `allowzero` from
 * 14, BatchNormalization's `training_mode` from 14, Resize's empty `roi` Constant before 13 vs an
 * omitted input from 13), the builder emits the form of the opset it builds.
 */
import { type Dim, Graph, type ModelProto, type NodeProto, onnx, type TensorProto, type ValueInfoProto, valueInfo, DT, makeTensor } from '@axplain/onnx';
import { Rng } from '@axplain/node';
import { type AttrValue, makeAttr } from '../../packages/onnx/src/proto.js';

export const INT64_MAX = 9223372036854775807n;

type Attrs = Record<string, AttrValue | undefined>;

/** An int64 tensor with exact values (bigint accepted: INT64_MAX does not fit a double). */
export function i64Tensor(name: string, dims: readonly number[], values: readonly (number | bigint)[]): TensorProto {
  const raw = new Uint8Array(BigInt64Array.from(values.map((v) => BigInt(v))).buffer);
  return { name, dataType: DT.INT64, dims: [...dims], rawData: raw };
}

/** Builds graphs the way the TorchScript exporter names and wires them. */
export class TorchGraph {
  readonly nodes: NodeProto[] = [];
  readonly inits: TensorProto[] = [];
  readonly inputs: ValueInfoProto[] = [];
  readonly outputs: ValueInfoProto[] = [];
  readonly rng: Rng;
  private readonly counts = new Map<string, number>();

  constructor(readonly opset: number, seed = 0) { this.rng = new Rng(seed + 1000 * opset); }

  input(shape: readonly Dim[], name = 'input'): string {
    this.inputs.push(valueInfo(name, DT.FLOAT, shape));
    return name;
  }
  /** A random float initializer in [-bound, bound] (torch's default init is uniform(±1/sqrt(fan_in))). */
  param(name: string, dims: readonly number[], bound = 0.5, lo?: number): string {
    const n = dims.reduce((a, b) => a * b, 1);
    this.inits.push(makeTensor(name, DT.FLOAT, dims, this.rng.fillUniform(n, lo ?? -bound, bound)));
    return name;
  }
  initF(name: string, dims: readonly number[], values: ArrayLike<number>): string {
    this.inits.push(makeTensor(name, DT.FLOAT, dims, values));
    return name;
  }
  initI64(name: string, dims: readonly number[], values: readonly (number | bigint)[]): string {
    this.inits.push(i64Tensor(name, dims, values));
    return name;
  }

  private nodeName(scope: string, type: string): string {
    const base = `${scope}/${type}`;
    const k = this.counts.get(base) ?? 0;
    this.counts.set(base, k + 1);
    return k === 0 ? base : `${base}_${k}`;
  }

  /** Adds a node named `${scope}/${type}[_k]` with outputs `${name}_output_${i}`. */
  opN(type: string, inputs: readonly string[], attrs: Attrs = {}, scope = '', nOut = 1): string[] {
    const name = this.nodeName(scope, type);
    const output = Array.from({ length: nOut }, (_, i) => `${name}_output_${i}`);
    const attribute = Object.entries(attrs).filter(([, v]) => v !== undefined).map(([a, v]) => makeAttr(a, v!));
    this.nodes.push({ opType: type, name, input: [...inputs], output, attribute });
    return output;
  }
  op(type: string, inputs: readonly string[], attrs: Attrs = {}, scope = ''): string {
    return this.opN(type, inputs, attrs, scope)[0]!;
  }

  /** A `Constant` node holding a float tensor (a scalar when `dims` is []). */
  constF(values: readonly number[], dims: readonly number[] = [], scope = ''): string {
    return this.op('Constant', [], { value: makeTensor('', DT.FLOAT, dims, values) }, scope);
  }
  /** A `Constant` node holding an int64 tensor. */
  constI64(values: readonly (number | bigint)[], dims: readonly number[] = [values.length], scope = ''): string {
    return this.op('Constant', [], { value: i64Tensor('', dims, values) }, scope);
  }

  /** Unsqueeze as `symbolic_helper._unsqueeze_helper` emits it: axes attribute < 13, Constant input from 13. */
  unsqueeze(x: string, axes: number[], scope = ''): string {
    if (this.opset < 13) return this.op('Unsqueeze', [x], { axes }, scope);
    return this.op('Unsqueeze', [x, this.constI64(axes, [axes.length], scope)], {}, scope);
  }
  squeeze(x: string, axes: number[], scope = ''): string {
    if (this.opset < 13) return this.op('Squeeze', [x], { axes }, scope);
    return this.op('Squeeze', [x, this.constI64(axes, [axes.length], scope)], {}, scope);
  }
  /** Reshape as `_reshape_helper` emits it: `allowzero=0` written from opset 14. */
  reshape(x: string, shape: string, scope = ''): string {
    return this.op('Reshape', [x, shape], this.opset >= 14 ? { allowzero: 0 } : {}, scope);
  }
  /** Slice as `_slice_helper` emits it at opset >= 10: Constant starts/ends/axes[/steps]. */
  slice(x: string, starts: (number | bigint)[], ends: (number | bigint)[], axes: number[], steps?: number[], scope = ''): string {
    const ins = [x, this.constI64(starts, [starts.length], scope), this.constI64(ends, [ends.length], scope), this.constI64(axes, [axes.length], scope)];
    if (steps) ins.push(this.constI64(steps, [steps.length], scope));
    return this.op('Slice', ins, {}, scope);
  }
  /** ReduceMean as `_reducemean_helper`: axes attribute < 18, input from 18. */
  reduceMean(x: string, axes: number[], keepdims: number | undefined, scope = ''): string {
    if (this.opset < 18) return this.op('ReduceMean', [x], { axes, keepdims }, scope);
    return this.op('ReduceMean', [x, this.constI64(axes, [axes.length], scope)], { keepdims }, scope);
  }

  /** Declares `t` as the graph output, renamed to `name` (torch's `output_names`). */
  output(t: string, shape: readonly Dim[], name = 'output'): void {
    for (const n of this.nodes) {
      n.output = n.output!.map((o) => (o === t ? name : o));
      n.input = n.input!.map((i) => (i === t ? name : i));
    }
    this.outputs.push(valueInfo(name, DT.FLOAT, shape));
  }

  build(): ModelProto {
    return onnx.ModelProto.create({
      irVersion: this.opset >= 15 ? 8 : this.opset >= 13 ? 7 : 6,
      producerName: 'pytorch',
      producerVersion: '2.1.0',
      opsetImport: [{ domain: '', version: this.opset }],
      graph: { name: 'main_graph', node: this.nodes, input: this.inputs, initializer: this.inits, output: this.outputs },
    });
  }
}

// ---- shape helpers --------------------------------------------------------------------------

const B = 'batch_size';
const rep = (v: number | number[], n: number): number[] => (Array.isArray(v) ? v : Array(n).fill(v));
const convOut = (len: number, k: number, s: number, p0: number, p1: number, d: number, ceil = false): number => {
  const num = len + p0 + p1 - d * (k - 1) - 1;
  let o = (ceil ? Math.ceil(num / s) : Math.floor(num / s)) + 1;
  // PyTorch/ONNX: the last pooling window must start inside the (left-padded) input.
  if (ceil && (o - 1) * s >= len + p0) o--;
  return o;
};

// ---- pads (F.pad / nn.*Pad*d / padding_mode) ---------------------------------------------------

export type PadForm = 'constant-node' | 'initializer' | 'unfolded';

/**
 * The `pads` input of Pad at opset >= 11, from a torch pad list (last dim first: [wl, wr, ht, hb, ...]).
 * 'constant-node': folded into a Constant node; 'initializer': folded into an initializer
 * (`onnx::Pad_N`); 'unfolded': `_prepare_onnx_paddings` of symbolic_opset11 as emitted with
 * do_constant_folding=False (Shape/Gather, Mul/Sub, ConstantOfShape, Concat, Reshape, Slice with
 * ends -INT64_MAX and steps -1, Transpose, Reshape, Cast).
 */
export function onnxPads(g: TorchGraph, rank: number, torchPad: number[], form: PadForm, scope = ''): string {
  const n = torchPad.length / 2;
  const begin = Array(rank).fill(0);
  const end = Array(rank).fill(0);
  for (let i = 0; i < n; i++) { begin[rank - 1 - i] = torchPad[2 * i]!; end[rank - 1 - i] = torchPad[2 * i + 1]!; }
  const folded = [...begin, ...end];
  if (form === 'constant-node') return g.constI64(folded, [2 * rank], scope);
  if (form === 'initializer') return g.initI64(`onnx::Pad_${g.inits.length + 11}`, [2 * rank], folded);
  const pad = g.constI64(torchPad, [torchPad.length], scope);
  const padLen = g.op('Gather', [g.op('Shape', [pad], {}, scope), g.constI64([0], [1], scope)], { axis: 0 }, scope);
  const rankC = g.constI64([rank], [], scope);
  const ext = g.op('Sub', [g.op('Mul', [rankC, g.constI64([2], [], scope)], {}, scope), padLen], {}, scope);
  const padCast = g.op('Cast', [pad], { to: DT.INT64 }, scope);
  const zeros = g.op('ConstantOfShape', [ext], { value: i64Tensor('', [1], [0]) }, scope);
  let p = g.op('Concat', [padCast, zeros], { axis: 0 }, scope);
  p = g.reshape(p, g.constI64([-1, 2], [2], scope), scope);
  p = g.slice(p, [-1], [-INT64_MAX], [0], [-1], scope);
  p = g.op('Transpose', [p], { perm: [1, 0] }, scope);
  p = g.reshape(p, g.constI64([-1], [1], scope), scope);
  return g.op('Cast', [p], { to: DT.INT64 }, scope);
}

/** nn.ReflectionPadNd / ReplicationPadNd / ConstantPadNd / ZeroPad2d. */
function padModel(opset: number, kind: 'reflect' | 'replicate' | 'constant' | 'zero', spatial: number[], torchPad: number[], form: PadForm, value = 0.5): ModelProto {
  const g = new TorchGraph(opset);
  const C = 3;
  const rank = spatial.length + 2;
  const x = g.input([B, C, ...spatial]);
  const pads = onnxPads(g, rank, torchPad, form, '/pad');
  let y: string;
  if (kind === 'constant' || kind === 'zero') {
    const v = g.constF([kind === 'zero' ? 0 : value], [], '/pad');
    y = g.op('Pad', [x, pads, v], { mode: 'constant' }, '/pad');
  } else y = g.op('Pad', [x, pads], { mode: kind === 'reflect' ? 'reflect' : 'edge' }, '/pad');
  const out = spatial.map((s, i) => s + torchPad[2 * (spatial.length - 1 - i)]! + torchPad[2 * (spatial.length - 1 - i) + 1]!);
  g.output(y, [B, C, ...out]);
  return g.build();
}

/** symbolic_opset11._pad_circular: Slice + Concat per padded dim. */
function circularPad(g: TorchGraph, x: string, torchPad: number[], scope: string): string {
  const ndim = torchPad.length / 2;
  let cur = x;
  for (let idx = 0; idx < ndim; idx++) {
    const padR = torchPad[torchPad.length - (2 * idx + 1)]!;
    const padL = torchPad[torchPad.length - (2 * idx + 2)]!;
    const parts: string[] = [];
    if (padL > 0) parts.push(g.slice(cur, [-padL], [INT64_MAX], [2 + idx], undefined, scope));
    parts.push(cur);
    if (padR > 0) parts.push(g.slice(cur, [0], [padR], [2 + idx], undefined, scope));
    cur = g.op('Concat', parts, { axis: 2 + idx }, scope);
  }
  return cur;
}

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

// ---- linear ---------------------------------------------------------------------------------

export type LinearForm = 'gemm' | 'matmul-add-folded' | 'matmul-add-transpose' | 'matmul-nobias';

/** nn.Linear(inF, outF): Gemm(transB=1) on 2-D input; MatMul(+Add(bias, .)) otherwise. */
export function linearModel(opset: number, form: LinearForm, lead: number[] = [], inF = 5, outF = 4, dropout?: 'identity' | 'dropout-node'): ModelProto {
  const g = new TorchGraph(opset);
  const x = g.input([B, ...lead, inF]);
  const bound = 1 / Math.sqrt(inF);
  const s = '/fc';
  let y: string;
  if (form === 'gemm') {
    const w = g.param('fc.weight', [outF, inF], bound);
    const b = g.param('fc.bias', [outF], bound);
    y = g.op('Gemm', [x, w, b], { alpha: { f: 1 }, beta: { f: 1 }, transB: 1 }, s);
  } else {
    let wt: string;
    if (form === 'matmul-add-transpose') wt = g.op('Transpose', [g.param('fc.weight', [outF, inF], bound)], { perm: [1, 0] }, s);
    else {
      // Constant folding turns fc.weight.t() into an initializer.
      const w = Array.from(g.rng.fillUniform(outF * inF, -bound, bound));
      wt = g.initF('onnx::MatMul_9', [inF, outF], w);
    }
    y = g.op('MatMul', [x, wt], {}, s);
    if (form !== 'matmul-nobias') y = g.op('Add', [g.param('fc.bias', [outF], bound), y], {}, s); // add(g, bias, output)
  }
  if (dropout === 'identity') y = g.op('Identity', [y], {}, '/dropout');
  else if (dropout === 'dropout-node') {
    // Dropout kept in the graph (training=TrainingMode.PRESERVE with the module in eval): opset 12+
    // takes ratio and training_mode as inputs; before, ratio is an attribute.
    if (opset >= 12) y = g.op('Dropout', [y, g.constF([0.5], [], '/dropout'), g.op('Constant', [], { value: makeTensor('', DT.BOOL, [], [0]) }, '/dropout')], {}, '/dropout');
    else y = g.op('Dropout', [y], { ratio: { f: 0.5 } }, '/dropout');
  }
  g.output(y, [B, ...lead, outF]);
  return g.build();
}

/** nn.Dropout alone in eval: the exporter removes it; an input passed straight to an output gets an Identity. */
export function dropoutOnlyModel(opset: number): ModelProto {
  const g = new TorchGraph(opset);
  const x = g.input([B, 6]);
  g.output(g.op('Identity', [x], {}), [B, 6]);
  return g.build();
}

// ---- flatten --------------------------------------------------------------------------------

/** Flatten then a Linear head: Flatten(axis=1), or x.view(x.size(0), -1). */
export function flattenLinearModel(opset: number, form: 'flatten' | 'view'): ModelProto {
  const g = new TorchGraph(opset);
  const C = 2, H = 3, W = 3, out = 4;
  const x = g.input([B, C, H, W]);
  let f: string;
  if (form === 'flatten') f = g.op('Flatten', [x], { axis: 1 }, '/flatten');
  else {
    // symbolic_opset11 size -> Shape, Gather(Constant scalar 0); the view's list -> Unsqueeze + Concat with Constant [-1].
    const n = g.op('Gather', [g.op('Shape', [x]), g.constI64([0], [])], { axis: 0 });
    const shape = g.op('Concat', [g.unsqueeze(n, [0]), g.constI64([-1], [1])], { axis: 0 });
    f = g.reshape(x, shape);
  }
  const w = g.param('fc.weight', [out, C * H * W], 0.3);
  const b = g.param('fc.bias', [out], 0.3);
  g.output(g.op('Gemm', [f, w, b], { alpha: { f: 1 }, beta: { f: 1 }, transB: 1 }, '/fc'), [B, out]);
  return g.build();
}

// ---- layer norm -----------------------------------------------------------------------------

/** nn.LayerNorm(normalized) on [N, ...shape]: LayerNormalization at 17+, the decomposition before. */
export function layerNormModel(opset: number, shape: number[], normalizedDims: number): ModelProto {
  const g = new TorchGraph(opset);
  const x = g.input([B, ...shape]);
  const norm = shape.slice(shape.length - normalizedDims);
  const w = g.param('ln.weight', norm, 1.5, 0.5);
  const b = g.param('ln.bias', norm, 0.5);
  const s = '/ln';
  let y: string;
  if (opset >= 17) y = g.op('LayerNormalization', [x, w, b], { axis: -normalizedDims, epsilon: { f: 1e-5 } }, s);
  else {
    // symbolic_opset9.native_layer_norm.
    const axes = Array.from({ length: normalizedDims }, (_, i) => i - normalizedDims);
    const mean = g.reduceMean(x, axes, undefined, s);
    const num = g.op('Sub', [x, mean], {}, s);
    const variance = g.reduceMean(g.op('Pow', [num, g.constF([2], [], s)], {}, s), axes, undefined, s);
    const den = g.op('Sqrt', [g.op('Add', [variance, g.constF([1e-5], [], s)], {}, s)], {}, s);
    y = g.op('Add', [g.op('Mul', [g.op('Div', [num, den], {}, s), w], {}, s), b], {}, s);
  }
  g.output(y, [B, ...shape]);
  return g.build();
}

// ---- resize ---------------------------------------------------------------------------------

export interface ResizeSpec {
  spatial: number[];
  mode: 'nearest' | 'linear';
  alignCorners?: boolean;
  /** Scale factor (scales path) or explicit output size (sizes path: Shape/Slice/Concat). */
  scale?: number;
  size?: number[];
  /** Override the coordinate transformation mode (e.g. 'pytorch_half_pixel'). */
  ctm?: string;
  /** Dynamo/opset-18 form: Resize(x, '', '', sizes) with no cubic_coeff_a. */
  dynamo?: boolean;
}

/** nn.Upsample / F.interpolate (symbolic_helper._interpolate_helper, opset >= 11). */
export function resizeModel(opset: number, r: ResizeSpec, C = 2): ModelProto {
  const g = new TorchGraph(opset);
  const x = g.input([B, C, ...r.spatial]);
  const s = '/up';
  const ctm = r.ctm ?? (r.mode === 'nearest' ? 'asymmetric' : r.alignCorners ? 'align_corners' : 'half_pixel');
  const emptyF = () => g.constF([], [0], s);
  const attrs: Attrs = r.dynamo
    ? { coordinate_transformation_mode: ctm, mode: r.mode, nearest_mode: r.mode === 'nearest' ? 'floor' : undefined }
    : { coordinate_transformation_mode: ctm, cubic_coeff_a: { f: -0.75 }, mode: r.mode, nearest_mode: 'floor' };
  let y: string;
  let out: number[];
  if (r.size) {
    const inSize = g.op('Shape', [x], {}, s);
    const beg = g.slice(inSize, [0], [2], [0], undefined, s);
    const sz = g.op('Cast', [g.constI64(r.size, [r.size.length], s)], { to: DT.INT64 }, s);
    const sizes = g.op('Concat', [beg, sz], { axis: 0 }, s);
    const roi = opset >= 13 ? '' : emptyF();
    const scales = opset >= 13 ? '' : emptyF();
    y = g.op('Resize', [x, roi, scales, sizes], attrs, s);
    out = r.size;
  } else {
    const sc = r.scale ?? 2;
    const scales = g.constF([1, 1, ...r.spatial.map(() => sc)], [r.spatial.length + 2], s);
    const roi = opset >= 13 ? '' : emptyF();
    y = g.op('Resize', [x, roi, scales], attrs, s);
    out = r.spatial.map((l) => Math.floor(l * sc));
  }
  g.output(y, [B, C, ...out]);
  return g.build();
}

/**
 * A copy of `model` with `value_info` for every intermediate tensor, as the TorchScript exporter
 * writes it after its ONNX shape inference: static dims as numbers, the batch as 'batch_size',
 * other dynamic dims with fresh names (here `${tensor}_dim_${i}`). Shapes come from axplain's
 * own inference (tensors it cannot infer get no entry).
 */
export function withValueInfo(model: ModelProto): ModelProto {
  const m = onnx.ModelProto.decode(onnx.ModelProto.encode(model).finish());
  const g = new Graph(m);
  const outs = new Set(m.graph!.output!.map((o) => o.name));
  const vis: ValueInfoProto[] = [];
  for (const n of m.graph!.node!) for (const o of n.output!) {
    if (!o || outs.has(o)) continue;
    const info = g.tryInfo(o);
    if (!info) continue;
    vis.push(valueInfo(o, info.elemType, info.shape.map((d, i) => (typeof d === 'number' || d === B ? d : `${o}_dim_${i}`))));
  }
  m.graph!.valueInfo = vis;
  return m;
}

export { padModel, circularPad };
