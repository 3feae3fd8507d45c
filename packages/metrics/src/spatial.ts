/** Where the pixels of a per-sample input are: [H, W], [C, H, W] (nchw) or [H, W, C] (nhwc). */
import { ShapeMismatchError } from '@axplain/core';

export type Layout = 'nchw' | 'nhwc';
export const LAYOUTS: readonly Layout[] = ['nchw', 'nhwc'];

export interface Spatial {
  channels: number;
  height: number;
  width: number;
  /** Offset of channel c of pixel p (= y * width + x) within one sample. */
  at(c: number, p: number): number;
}

/**
 * The pixel grid of a per-sample shape: [H, W] has one channel; 3-d shapes are read as `layout`.
 * @example spatialOf([3, 32, 32], 'nchw').width // 32
 */
export function spatialOf(inputShape: readonly number[], layout: Layout, what: string): Spatial {
  if (inputShape.length === 2) {
    const [height, width] = inputShape as [number, number];
    return { channels: 1, height, width, at: (_c, p) => p };
  }
  if (inputShape.length === 3) {
    const [a, b, c] = inputShape as [number, number, number];
    if (layout === 'nchw') return { channels: a, height: b, width: c, at: (ch, p) => ch * b * c + p };
    return { channels: c, height: a, width: b, at: (ch, p) => p * c + ch };
  }
  throw new ShapeMismatchError(`${what}: per-sample input`, ['H', 'W'], inputShape, 'pixel metrics need an image: [H, W], [C, H, W] (nchw) or [H, W, C] (nhwc)');
}

/** One sample's values summed over channels: [H * W] (the papers' channel reduction). */
export function reduceChannels(values: Float32Array, sp: Spatial): Float64Array {
  const out = new Float64Array(sp.height * sp.width);
  for (let p = 0; p < out.length; p++) {
    let s = 0;
    for (let c = 0; c < sp.channels; c++) s += values[sp.at(c, p)]!;
    out[p] = s;
  }
  return out;
}
