/** Shape inference for the conv family (Conv, ConvTranspose) and the geometry their rules share. */
import type { Dim, Shape } from '../dims.js';
import type { Node } from '../node.js';
import { outExtents, resolveSpatial, type Spatial } from './spatial.js';
import type { InferContext, InferTable } from './types.js';

/** Kernel extents: the `kernel_shape` attribute when present, else W's spatial dims. */
export function kernelOf(n: Node, w: Shape): Dim[] {
  return n.ints('kernel_shape') ?? w.slice(2);
}

/** Conv geometry for static spatial extents (pads resolved from auto_pad). */
export function convGeometry(n: Node, spatial: number[], kernel: number[]): Spatial {
  return resolveSpatial(n, spatial, kernel);
}

export interface TransposeGeometry {
  strides: number[];
  dilations: number[];
  /** Output rows cropped at the beginning of the full (unpadded) transposed-conv output. */
  head: number[];
  outputPadding: number[];
  /** Output spatial extents. */
  out: number[];
  /** Extent of the part of the full output that inputs contribute to: (H-1)s + (k-1)d + 1. */
  full: number[];
}

/**
 * ConvTranspose geometry. Where total padding is derived (output_shape, or auto_pad SAME_*), the
 * odd extra row is cropped at the end for SAME_UPPER and at the beginning otherwise, as the ONNX
 * text says and onnxruntime 1.30's CPU kernel does (older onnxruntime releases did the opposite).
 */
export function convTransposeGeometry(n: Node, spatial: number[], kernel: number[]): TransposeGeometry {
  const r = spatial.length;
  const strides = n.ints('strides') ?? new Array<number>(r).fill(1);
  const dilations = n.ints('dilations') ?? new Array<number>(r).fill(1);
  const outputPadding = n.ints('output_padding') ?? new Array<number>(r).fill(0);
  const autoPad = n.str('auto_pad', 'NOTSET');
  if (!['NOTSET', 'SAME_UPPER', 'SAME_LOWER', 'VALID'].includes(autoPad))
    throw new RangeError(`${n.describe()}: unknown auto_pad '${autoPad}'`);
  const outShape = n.ints('output_shape');
  const pads = n.ints('pads') ?? new Array<number>(2 * r).fill(0);
  const head: number[] = [];
  const out: number[] = [];
  const full: number[] = [];
  for (let i = 0; i < r; i++) {
    const span = (kernel[i]! - 1) * dilations[i]! + 1;
    const contributed = (spatial[i]! - 1) * strides[i]! + span;
    const whole = contributed + outputPadding[i]!;
    full.push(contributed);
    let target: number | undefined;
    if (outShape) target = outShape.length === r ? outShape[i]! : outShape[i + 2]!;
    else if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') target = spatial[i]! * strides[i]!;
    if (target !== undefined) {
      const total = Math.max(0, whole - target);
      const h = autoPad === 'SAME_UPPER' ? Math.floor(total / 2) : total - Math.floor(total / 2);
      head.push(h);
      out.push(outShape ? target : whole - total);
    } else if (autoPad === 'VALID') {
      head.push(0);
      out.push(whole);
    } else {
      head.push(pads[i]!);
      out.push(whole - pads[i]! - pads[i + r]!);
    }
  }
  return { strides, dilations, head, outputPadding, out, full };
}

const staticDims = (ds: readonly Dim[]): number[] | undefined =>
  ds.every((d) => typeof d === 'number') ? (ds as number[]) : undefined;

/** Symbolic spatial dims when extents are not known at compile time. */
const unknownSpatial = (n: Node, r: number): Dim[] => Array.from({ length: r }, (_, i) => `${n.outputs[0]}_d${i + 2}`);

function convInfer(n: Node, ctx: InferContext) {
  const x = ctx.info(n.inputs[0]!);
  const w = ctx.info(n.inputs[1]!).shape;
  if (x.shape.length < 3 || w.length !== x.shape.length)
    throw new RangeError(`${n.describe()}: X rank ${x.shape.length} and W rank ${w.length} must match and be >= 3`);
  const spatial = staticDims(x.shape.slice(2));
  const kernel = staticDims(kernelOf(n, w));
  const sp = spatial && kernel ? outExtents(spatial, convGeometry(n, spatial, kernel)) : unknownSpatial(n, x.shape.length - 2);
  return [{ elemType: x.elemType, shape: [x.shape[0]!, w[0]!, ...sp] }];
}

function convTransposeInfer(n: Node, ctx: InferContext) {
  const x = ctx.info(n.inputs[0]!);
  const w = ctx.info(n.inputs[1]!).shape;
  if (x.shape.length < 3 || w.length !== x.shape.length)
    throw new RangeError(`${n.describe()}: X rank ${x.shape.length} and W rank ${w.length} must match and be >= 3`);
  const group = n.int('group', 1);
  const cout: Dim = typeof w[1] === 'number' ? w[1] * group : w[1]!;
  const spatial = staticDims(x.shape.slice(2));
  const kernel = staticDims(kernelOf(n, w));
  const sp = spatial && kernel ? convTransposeGeometry(n, spatial, kernel).out : unknownSpatial(n, x.shape.length - 2);
  return [{ elemType: x.elemType, shape: [x.shape[0]!, cout, ...sp] }];
}

export const CONV_INFER: InferTable = {
  Conv: { infer: convInfer },
  ConvTranspose: { infer: convTransposeInfer },
};
