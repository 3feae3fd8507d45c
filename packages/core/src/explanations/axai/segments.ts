/**
 * Where AXAI's segments come from: a segmenter run on each sample (QuickShift by default, as in
 * the paper; SLIC; a fixed grid for spectrograms), one segmentation for the whole batch or one
 * per sample supplied by the caller, or a function.
 */
import { gridSegments, type GridSegmentsOptions } from '../../segmentation/grid.js';
import { quickshift, type QuickShiftOptions } from '../../segmentation/quickshift.js';
import { checkSegmentation, type Segmentation } from '../../segmentation/segmentation.js';
import { slic, type SlicOptions } from '../../segmentation/slic.js';
import { sampleSize, type Tensor } from '../../tensor.js';
import { checkChoice } from '../../validate.js';
import type { MapDims } from './layout.js';

/** A segmenter by name with its options (the image segmenters see each sample of the batch). */
export type AxaiSegmenter =
  | ({ method: 'quickshift' } & Omit<QuickShiftOptions, 'layout'>)
  | ({ method: 'slic' } & Omit<SlicOptions, 'layout'>)
  | ({ method: 'grid' } & GridSegmentsOptions);

/**
 * A segmenter spec, one segmentation for every sample, one per sample, or a function of the
 * sample (shaped [C, H, W] or [H, W, C] as the input, [1, H, W] for flat inputs).
 */
export type AxaiSegments = AxaiSegmenter | Segmentation | readonly Segmentation[] | ((sample: Tensor, index: number, dims: MapDims) => Segmentation);

const isSegmentation = (s: unknown): s is Segmentation => typeof s === 'object' && s !== null && 'labels' in s;

/** One sample of the batch as an image tensor for the segmenters. */
function sampleImage(x: Tensor, n: number, dims: MapDims): Tensor {
  const d = sampleSize(x);
  const { channels: c, height: h, width: w } = dims;
  return { data: x.data.subarray(n * d, (n + 1) * d), shape: dims.layout === 'nhwc' ? [h, w, c] : [c, h, w] };
}

/**
 * One checked segmentation per sample of `x`. Without `spec`, 2-D maps get QuickShift with its
 * defaults; 1 x D inputs must say how to group their features.
 * @example resolveAxaiSegments({ method: 'grid', rows: 4, cols: 4 }, x, mapDims([1, 28, 28]))
 */
export function resolveAxaiSegments(spec: AxaiSegments | undefined, x: Tensor, dims: MapDims): Segmentation[] {
  const n = x.shape[0]!;
  const { height: h, width: w } = dims;
  let out: Segmentation[];
  if (spec === undefined && h === 1)
    throw new RangeError('segments: a 1 x D input has no default segmentation; pass segments (segmentationFromGroups for feature groups or tokens, gridSegments for cells)');
  const s = spec ?? { method: 'quickshift' as const };
  if (typeof s === 'function') out = Array.from({ length: n }, (_, i) => s(sampleImage(x, i, dims), i, dims));
  else if (Array.isArray(s)) {
    if (s.length !== n) throw new RangeError(`segments: ${s.length} segmentations given for a batch of ${n} (give one per sample, or one for all)`);
    out = [...s];
  } else if (isSegmentation(s)) out = new Array<Segmentation>(n).fill(s);
  else {
    const { method, ...opts } = s as AxaiSegmenter;
    const layout = dims.layout === 'nhwc' ? 'nhwc' : 'nchw';
    switch (checkChoice('segments.method', method, ['quickshift', 'slic', 'grid'], 'segmenter')) {
      case 'quickshift': out = Array.from({ length: n }, (_, i) => quickshift(sampleImage(x, i, dims), { ...opts, layout })); break;
      case 'slic': out = Array.from({ length: n }, (_, i) => slic(sampleImage(x, i, dims), { ...opts, layout })); break;
      case 'grid': { const g = gridSegments(h, w, opts as GridSegmentsOptions); out = new Array<Segmentation>(n).fill(g); break; }
    }
  }
  out.forEach((seg, i) => checkSegmentation(seg, h, w, `segments[${i}]`));
  return out;
}
