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
import { type AttrValue, makeAttr } from '../../../packages/onnx/src/proto.js';

export const INT64_MAX = 9223372036854775807n;

export type Attrs = Record<string, AttrValue | undefined>;

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

export const B = 'batch_size';
export const rep = (v: number | number[], n: number): number[] => (Array.isArray(v) ? v : Array(n).fill(v));
export const convOut = (len: number, k: number, s: number, p0: number, p1: number, d: number, ceil = false): number => {
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
export function padModel(opset: number, kind: 'reflect' | 'replicate' | 'constant' | 'zero', spatial: number[], torchPad: number[], form: PadForm, value = 0.5): ModelProto {
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
export function circularPad(g: TorchGraph, x: string, torchPad: number[], scope: string): string {
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
