/**
 * AXAI's segment scores and selection: density(s) = #{p in s : filtered(p) != 0} / |s|, and the
 * top-K segments by density.
 */
import { checkSegmentation, type Segmentation } from '../../segmentation/segmentation.js';
import { checkChoice, checkInteger } from '../../validate.js';

/**
 * Fraction of each segment's pixels where the filtered attack map is non-zero.
 * @example segmentDensity([1, 0, 0, -2], gridSegments(1, 4, { cols: 2 })) // Float64Array [0.5, 0.5]
 */
export function segmentDensity(filtered: ArrayLike<number>, segmentation: Segmentation): Float64Array {
  checkSegmentation(segmentation, segmentation.height, segmentation.width);
  if (filtered.length !== segmentation.labels.length) throw new RangeError(`filtered: has ${filtered.length} values, the segmentation covers ${segmentation.labels.length}`);
  const hits = new Float64Array(segmentation.count);
  for (let p = 0; p < filtered.length; p++) if (filtered[p] !== 0) hits[segmentation.labels[p]!]!++;
  return hits.map((h, s) => h / segmentation.sizes[s]!);
}

/**
 * Mean |filtered| over each segment's pixels: how much of the kept attack a segment carries.
 * AXAI's default tie-break among segments of equal density (on photos many segments are fully
 * attacked, density 1, and density alone cannot order them).
 * @example segmentMagnitude([1, 0, 0, -2], gridSegments(1, 4, { cols: 2 })) // Float64Array [0.5, 1]
 */
export function segmentMagnitude(filtered: ArrayLike<number>, segmentation: Segmentation): Float64Array {
  checkSegmentation(segmentation, segmentation.height, segmentation.width);
  if (filtered.length !== segmentation.labels.length) throw new RangeError(`filtered: has ${filtered.length} values, the segmentation covers ${segmentation.labels.length}`);
  const sum = new Float64Array(segmentation.count);
  for (let p = 0; p < filtered.length; p++) sum[segmentation.labels[p]!]! += Math.abs(filtered[p]!);
  return sum.map((v, s) => v / segmentation.sizes[s]!);
}

/**
 * 'include': every segment tied with the K-th density is selected (so more than K may be);
 * 'index': exactly K, the lower segment indices first among ties;
 * 'magnitude': exactly K, ties in density ordered by `segmentMagnitude` (then index).
 */
export type TieBreak = 'include' | 'index' | 'magnitude';

/** The tie-break rules of {@link topSegments}. */
export const TIE_BREAKS: readonly TieBreak[] = ['include', 'index', 'magnitude'];

export interface TopSegments {
  /** Selected segment indices, by density descending then index ascending. */
  selected: Int32Array;
  /**
   * The segments sharing the K-th density when they do not all fit in K (the tie at the cut),
   * by index; empty when the cut is clean. Under 'include' they are all in `selected`.
   */
  ties: Int32Array;
}

/**
 * The K segments of highest density. Segments of density 0 (no attacked pixel) are never
 * selected, so fewer than K may come back.
 * @example
 * topSegments([0.5, 0.5, 0.5, 0.2, 0.9], 2);          // selected [4, 0, 1, 2], ties [0, 1, 2]
 * topSegments([0.5, 0.5, 0.5, 0.2, 0.9], 2, 'index'); // selected [4, 0],       ties [0, 1, 2]
 * topSegments([0.5, 0.5, 0.5, 0.2, 0.9], 2, 'magnitude', [1, 3, 2, 0, 0]); // selected [4, 1], ties [0, 1, 2]
 */
export function topSegments(density: ArrayLike<number>, k: number, tieBreak: TieBreak = 'include', magnitude?: ArrayLike<number>): TopSegments {
  checkInteger('topK', k, { min: 1 });
  checkChoice('tieBreak', tieBreak, TIE_BREAKS, 'rule');
  for (let s = 0; s < density.length; s++) if (Number.isNaN(density[s])) throw new RangeError(`density: segment ${s} is NaN`);
  if (tieBreak === 'magnitude' && magnitude?.length !== density.length)
    throw new RangeError(`magnitude: tieBreak 'magnitude' needs one magnitude per segment (${density.length}), got ${magnitude?.length ?? 'none'}`);
  const second = (a: number, b: number): number => (tieBreak === 'magnitude' ? magnitude![b]! - magnitude![a]! : 0);
  const order = Array.from({ length: density.length }, (_, s) => s)
    .filter((s) => density[s]! > 0)
    .sort((a, b) => density[b]! - density[a]! || second(a, b) || a - b);
  if (order.length <= k) return { selected: Int32Array.from(order), ties: new Int32Array(0) };
  const cut = density[order[k - 1]!]!;
  const tied = order.filter((s) => density[s] === cut);
  const clean = density[order[k]!]! < cut;
  return {
    selected: Int32Array.from(tieBreak === 'include' ? order.filter((s) => density[s]! >= cut) : order.slice(0, k)),
    ties: clean ? new Int32Array(0) : Int32Array.from(tied).sort(),
  };
}
