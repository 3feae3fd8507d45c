/**
 * Segments as the interpretable features of LIME and KernelSHAP: a label map over the input's
 * H x W positions (shared by all channels), caller-supplied or computed per sample (SLIC for
 * images, a grid of cells for flat inputs).
 */
import type { TensorLayout } from '../../image/preprocess-spec.js';
import { sampleDims } from '../../render/reduce-channels.js';
import { gridSegments } from '../../segmentation/grid.js';
import { slic, type SlicOptions } from '../../segmentation/slic.js';
import { numel, type Tensor } from '../../tensor.js';
import { isInteger } from '../../validate.js';

/** A segmentation: `labels` (H*W entries, row-major, values 0..count-1) and `count`; a `Segmentation` fits. */
export interface SegmentsLike {
  readonly labels: Int32Array;
  readonly count: number;
}

export interface SegmentOptions {
  /**
   * The segments: one for every sample, one per sample, or a function of each sample (its values
   * shaped as `model.inputShape`). Labels address the H x W positions of the input (flat inputs:
   * H = 1, W = d); every channel of a position shares its segment.
   * @defaultValue images (rank 2 or 3): SLIC per sample with 50 segments, colours read over the
   * sample's own value range; flat inputs: 16 equal contiguous cells (fewer when d < 16)
   */
  segments?: SegmentsLike | readonly SegmentsLike[] | ((sample: Tensor, index: number) => SegmentsLike);
  /** Options of the default SLIC segmentation. @defaultValue { nSegments: 50 } */
  slic?: SlicOptions;
  /** Axis order of rank-3 inputs. @defaultValue inferred (channels-first unless only the last axis has 1, 3 or 4 entries) */
  layout?: TensorLayout;
}

/** Per-sample feature map: `segOf[i]` is the segment of input value i (of one sample). */
export interface SampleSegments {
  segments: SegmentsLike;
  segOf: Int32Array;
  count: number;
}

/** H, W of the input's position map and the position of every input value. */
export function positionMap(inputShape: readonly number[], layout?: TensorLayout): { h: number; w: number; positionOf: Int32Array } {
  const d = numel(inputShape);
  if (inputShape.length === 1) return { h: 1, w: d, positionOf: Int32Array.from({ length: d }, (_, i) => i) };
  const { c, h, w, layout: l } = sampleDims(inputShape, layout);
  return { h, w, positionOf: Int32Array.from({ length: d }, (_, i) => (l === 'nchw' ? i % (h * w) : Math.floor(i / c))) };
}

/** Checks one segmentation against an H x W map: labels 0..count-1, every segment non-empty. */
function check(seg: SegmentsLike, hw: number, what: string): void {
  if (typeof seg !== 'object' || seg === null || !(seg.labels instanceof Int32Array))
    throw new TypeError(`${what}: expected { labels: Int32Array, count }`);
  if (seg.labels.length !== hw) throw new RangeError(`${what}: has ${seg.labels.length} labels, the input has ${hw} positions (H x W)`);
  if (!isInteger(seg.count, { min: 1 })) throw new RangeError(`${what}: count must be an integer >= 1, got ${seg.count}`);
  const used = new Uint8Array(seg.count);
  for (let p = 0; p < hw; p++) {
    const v = seg.labels[p]!;
    if (v < 0 || v >= seg.count) throw new RangeError(`${what}: label ${v} at position ${p} is outside 0..${seg.count - 1}`);
    used[v] = 1;
  }
  const empty = used.indexOf(0);
  if (empty >= 0) throw new RangeError(`${what}: segment ${empty} has no position; renumber the labels 0..count-1 without gaps`);
}

/** The segments of every sample of x ([N, ...inputShape]), checked. */
export function resolveSegments(x: Tensor, inputShape: readonly number[], options: SegmentOptions): SampleSegments[] {
  const n = x.shape[0]!;
  const d = numel(inputShape);
  const { h, w, positionOf } = positionMap(inputShape, options.layout);
  const given = options.segments;
  if (Array.isArray(given) && given.length !== n) throw new RangeError(`segments: ${given.length} segmentations given for a batch of ${n} (give one for all or one per sample)`);
  return Array.from({ length: n }, (_, s) => {
    const sample: Tensor = { data: x.data.subarray(s * d, (s + 1) * d), shape: [...inputShape] };
    let seg: SegmentsLike;
    if (typeof given === 'function') seg = given(sample, s);
    else if (Array.isArray(given)) seg = (given as readonly SegmentsLike[])[s]!;
    else if (given) seg = given as SegmentsLike;
    else if (inputShape.length === 1) seg = gridSegments(1, d, { cols: Math.min(d, 16) });
    else if (inputShape.length <= 3 || (inputShape.length === 4 && inputShape[0] === 1)) {
      let lo = Infinity, hi = -Infinity;
      for (const v of sample.data) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
      seg = slic(sample, { nSegments: 50, range: hi > lo ? [lo, hi] : [lo, lo + 1], layout: options.layout, ...options.slic });
    } else throw new RangeError(`segments: no default segmentation for inputs of shape [${inputShape.join(', ')}]; pass options.segments`);
    check(seg, h * w, Array.isArray(given) ? `segments[${s}]` : 'segments');
    return { segments: seg, segOf: Int32Array.from(positionOf, (p) => seg.labels[p]!), count: seg.count };
  });
}
