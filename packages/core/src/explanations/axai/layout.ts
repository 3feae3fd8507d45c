/**
 * How AXAI reads one input sample: C channels over an H x W map. Images are [C, H, W] or
 * [H, W, C]; any other input ('flat': spectrograms [T, F] without a channel axis, token
 * embeddings [T, E], feature vectors [D]) is one channel over the whole sample.
 */
import { ShapeMismatchError } from '../../errors.js';
import { sampleDims } from '../../render/reduce-channels.js';
import { numel } from '../../tensor.js';
import { checkChoice } from '../../validate.js';

/** 'nchw' / 'nhwc': images (channels first / last); 'flat': one channel, the sample as the map. */
export type AxaiLayout = 'nchw' | 'nhwc' | 'flat';

export interface MapDims {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  readonly layout: AxaiLayout;
}

/**
 * Channels and map size of a per-sample shape. Default layout: rank-3 shapes are images (axis
 * order inferred as `sampleDims` does: channels-first unless only the last axis has 1, 3 or 4
 * entries); rank 2 is an H x W map, rank 1 (or more than 3) a 1 x D map, both 'flat'.
 * @example mapDims([3, 224, 224]) // { channels: 3, height: 224, width: 224, layout: 'nchw' }
 * @example mapDims([49, 40])      // { channels: 1, height: 49, width: 40, layout: 'flat' }
 */
export function mapDims(sampleShape: readonly number[], layout?: AxaiLayout): MapDims {
  if (layout !== undefined) checkChoice('layout', layout, ['nchw', 'nhwc', 'flat'], 'layout');
  if (layout === 'flat' || (layout === undefined && sampleShape.length !== 3)) {
    if (sampleShape.length === 2) return { channels: 1, height: sampleShape[0]!, width: sampleShape[1]!, layout: 'flat' };
    return { channels: 1, height: 1, width: numel(sampleShape), layout: 'flat' };
  }
  if (sampleShape.length !== 3)
    throw new ShapeMismatchError(`layout '${layout}'`, ['C', 'H', 'W'], sampleShape, "An image layout needs a rank-3 sample shape; use layout 'flat' for other inputs");
  const { c, h, w, layout: l } = sampleDims(sampleShape, layout);
  return { channels: c, height: h, width: w, layout: l };
}

/** Offset within a sample of channel k at map position i (row-major y * width + x). */
export function featureOffset(dims: MapDims, k: number, i: number): number {
  return dims.layout === 'nhwc' ? i * dims.channels + k : k * dims.height * dims.width + i;
}
