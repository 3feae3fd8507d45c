/**
 * One attribution sample ([C, H, W], [H, W, C] or [H, W]) to a single H x W map, reducing over
 * channels.
 */
import { ShapeMismatchError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import type { TensorLayout } from '../image/preprocess-spec.js';
import { checkChoice } from '../validate.js';

/** A single-channel float map, row-major. */
export interface ScalarMap {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

/**
 * 'sum': signed sum over channels; 'abs-sum': sum of |a|; 'l2': sqrt of the sum of squares;
 * 'max-abs': the largest |a|. Only 'sum' keeps the sign.
 */
export type ChannelReduction = 'sum' | 'abs-sum' | 'l2' | 'max-abs';

export interface ReduceChannelsOptions {
  /** How channels combine. @defaultValue 'sum' */
  reduce?: ChannelReduction;
  /**
   * How a rank-3 sample is laid out. @defaultValue inferred: channels-last when only the last
   * axis has 1, 3 or 4 entries, channels-first otherwise
   */
  layout?: TensorLayout;
}

/** Channels, height, width and axis order of one sample's shape (a leading batch of 1 is allowed). */
export function sampleDims(shape: readonly number[], layout?: TensorLayout): { c: number; h: number; w: number; layout: TensorLayout } {
  const s = shape.length === 4 && shape[0] === 1 ? shape.slice(1) : shape;
  if (s.length === 2) return { c: 1, h: s[0]!, w: s[1]!, layout: 'nchw' };
  if (s.length !== 3)
    throw new ShapeMismatchError('attribution sample', ['C', 'H', 'W'], [...shape], 'Pass one sample: [C, H, W], [H, W, C], [H, W] or [1, ...]; take it from a batch with sliceBatch(t, i, i + 1)');
  const small = (d: number) => d === 1 || d === 3 || d === 4;
  const l = layout ?? (small(s[2]!) && !small(s[0]!) ? 'nhwc' : 'nchw');
  checkChoice('layout', l, ['nchw', 'nhwc'], 'layout');
  return l === 'nchw' ? { c: s[0]!, h: s[1]!, w: s[2]!, layout: l } : { c: s[2]!, h: s[0]!, w: s[1]!, layout: l };
}

/**
 * Reduces an attribution sample over its channels to an H x W map.
 * @example reduceChannels(tensor([1, -2, 3, 4], [2, 1, 2]), { reduce: 'sum' }).data // [4, 2]
 */
export function reduceChannels(attribution: Tensor, options: ReduceChannelsOptions = {}): ScalarMap {
  const { reduce = 'sum' } = options;
  checkChoice('reduce', reduce, ['sum', 'abs-sum', 'l2', 'max-abs'], 'reduction');
  const { c, h, w, layout } = sampleDims(attribution.shape, options.layout);
  const hw = h * w, a = attribution.data;
  if (a.length !== c * hw) throw new ShapeMismatchError('attribution sample data', [c * hw], [a.length]);
  const out = new Float32Array(hw);
  for (let i = 0; i < hw; i++) {
    let acc = 0;
    for (let k = 0; k < c; k++) {
      const v = a[layout === 'nchw' ? k * hw + i : i * c + k]!;
      if (Number.isNaN(v)) throw new RangeError(`attribution: value at pixel (${i % w}, ${Math.floor(i / w)}) channel ${k} is NaN`);
      switch (reduce) {
        case 'sum': acc += v; break;
        case 'abs-sum': acc += Math.abs(v); break;
        case 'l2': acc += v * v; break;
        default: acc = Math.max(acc, Math.abs(v)); // 'max-abs'
      }
    }
    out[i] = reduce === 'l2' ? Math.sqrt(acc) : acc;
  }
  return { width: w, height: h, data: out };
}
