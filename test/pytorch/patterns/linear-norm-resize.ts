/** Linear, dropout, flatten, layer norm and resize in the exporter's node patterns. */
import { type ModelProto, DT, makeTensor } from '@axplain/onnx';
import { B, TorchGraph, type Attrs } from './torch-graph.js';
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
