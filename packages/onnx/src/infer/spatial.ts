/**
 * Geometry shared by Conv, ConvTranspose and the pooling ops: defaults for strides/dilations/pads,
 * auto_pad resolution into explicit pads, output extents with ceil_mode.
 */
import type { Node } from '../node.js';

export interface Spatial {
  kernel: number[];
  strides: number[];
  dilations: number[];
  /** ONNX layout: begins for every spatial axis, then ends. */
  pads: number[];
  ceilMode: boolean;
}

/** Output extent of a sliding window along one axis (ONNX/PyTorch ceil_mode rule included). */
export function outExtent(len: number, k: number, s: number, d: number, pb: number, pe: number, ceil: boolean): number {
  const span = (k - 1) * d + 1;
  const q = (len + pb + pe - span) / s;
  let out = (ceil ? Math.ceil(q) : Math.floor(q)) + 1;
  // With ceil_mode the last window must start inside the input or the begin padding.
  if (ceil && (out - 1) * s >= len + pb) out--;
  return out;
}

/**
 * Resolves a windowed node's geometry for input spatial extents `spatial` and kernel `kernel`.
 * auto_pad SAME_UPPER puts the odd extra pad at the end, SAME_LOWER at the beginning.
 */
export function resolveSpatial(n: Node, spatial: number[], kernel: number[]): Spatial {
  const r = spatial.length;
  const strides = n.ints('strides') ?? new Array(r).fill(1);
  const dilations = n.ints('dilations') ?? new Array(r).fill(1);
  const ceilMode = n.int('ceil_mode', 0) === 1;
  const autoPad = n.str('auto_pad', 'NOTSET');
  let pads = n.ints('pads') ?? new Array(2 * r).fill(0);
  if (autoPad === 'VALID') pads = new Array(2 * r).fill(0);
  else if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    pads = new Array(2 * r).fill(0);
    for (let i = 0; i < r; i++) {
      const out = Math.ceil(spatial[i]! / strides[i]!);
      const total = Math.max(0, (out - 1) * strides[i]! + (kernel[i]! - 1) * dilations[i]! + 1 - spatial[i]!);
      const small = Math.floor(total / 2);
      pads[i] = autoPad === 'SAME_UPPER' ? small : total - small;
      pads[i + r] = total - pads[i]!;
    }
  } else if (autoPad !== 'NOTSET') throw new RangeError(`${n.describe()}: unknown auto_pad '${autoPad}'`);
  return { kernel, strides, dilations, pads, ceilMode };
}

/** Output spatial extents for a resolved geometry. */
export function outExtents(spatial: number[], g: Spatial): number[] {
  const r = spatial.length;
  return spatial.map((len, i) => outExtent(len, g.kernel[i]!, g.strides[i]!, g.dilations[i]!, g.pads[i]!, g.pads[i + r]!, g.ceilMode));
}
