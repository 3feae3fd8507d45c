/**
 * AXAI (Rahnama & Tseng, "An Adversarial Approach for Explaining the Predictions of Deep Neural
 * Networks", CVPR Workshops 2021): attack the prediction with L2 PGD, keep the strongest attack
 * magnitudes (per-channel alpha tails), and explain with the segments where the kept magnitudes
 * are densest.
 */
import type { AttackResult } from '../../attacks/types.js';
import type { GradientModel } from '../../gradient-model.js';
import type { Segmentation } from '../../segmentation/segmentation.js';
import { argmaxRow } from '../../targets.js';
import { sampleSize, type Tensor } from '../../tensor.js';
import { checkChoice, checkInteger } from '../../validate.js';
import { attackDelta, axaiAttack, type AxaiAttackOptions } from './attack.js';
import { segmentDensity, segmentMagnitude, TIE_BREAKS, topSegments, type TieBreak } from './density.js';
import { mapDims, type AxaiLayout, type MapDims } from './layout.js';
import { resolveAxaiSegments, type AxaiSegments } from './segments.js';
import { alphaTailFilter, checkAlpha } from './tail-filter.js';

export interface AxaiOptions extends AxaiAttackOptions {
  /** Tail size in percent (0..50): the lower alpha% and upper alpha% of each channel's delta are kept. @defaultValue 15 */
  alpha?: number;
  /** Percentiles per channel (the paper) or over the whole sample. @defaultValue true */
  perChannel?: boolean;
  /** Number of segments in the explanation. @defaultValue 5 */
  topK?: number;
  /**
   * What to do with segments tied at the K-th density: 'magnitude' orders them by the mean kept
   * attack magnitude (exactly K selected), 'include' selects them all, 'index' the lowest indices.
   * @defaultValue 'magnitude' (photos often have many segments at density 1)
   */
  tieBreak?: TieBreak;
  /** @defaultValue `{ method: 'quickshift' }` (kernelSize 4, maxDist 200, ratio 0.2) for 2-D maps; required for 1 x D inputs */
  segments?: AxaiSegments;
  /** How a sample is read as channels over a map. @defaultValue inferred, see `mapDims` */
  layout?: AxaiLayout;
}

export interface AxaiExplanation {
  /** The attack changed the prediction (from `attack.success`). When false nothing is selected. */
  found: boolean;
  /** Class attacked away from (the prediction unless `target` says otherwise). */
  label: number;
  /** Prediction at the adversarial point (equals `label` when not found). */
  adversarialLabel: number;
  segmentation: Segmentation;
  /** H x W filtered attack map: per-channel tails of delta, summed over channels. */
  filtered: Float32Array;
  /** Per-channel alpha-th and (100 - alpha)-th percentiles of delta. */
  lower: Float64Array;
  upper: Float64Array;
  /** Density of every segment. */
  density: Float64Array;
  /** Per segment: mean |filtered| over its pixels (the tie-break of equal densities). */
  magnitude: Float64Array;
  /** The explanation: segment indices by density descending (ties: see `tieBreak`). */
  selected: Int32Array;
  /** Segments tied at the K-th density that do not all fit in K (see `topSegments`); empty on a clean cut. */
  ties: Int32Array;
  /** H x W: 1 on the pixels of the selected segments. */
  mask: Uint8Array;
}

export interface AxaiResult {
  /** One explanation per sample. */
  explanations: AxaiExplanation[];
  /** x' - x for the batch, shaped like x. */
  delta: Tensor;
  /** Per sample: 1 when the attack changed the prediction. */
  found: Uint8Array;
  /** The attack's full result (adversarial points, logits, norms, iterations). */
  attack: AttackResult;
  /** How each sample was read. */
  dims: MapDims;
}

/**
 * AXAI explanations of a batch: L2 PGD away from each prediction (eps 2, 20 steps of
 * 2.5 eps / 20 by default), delta = x' - x, per-channel alpha-tail filter (alpha 15), channel
 * sum, density(s) = #{p in s : filtered(p) != 0} / |s|, and the top-K segments (K 5).
 * Samples the attack could not flip get `found: false` and no selected segment (their density
 * is still reported); raise `eps` or `steps` for them.
 * @example
 * import { axai, gridSegments, tensor } from '@axplain/core';
 * import { LinearModel } from '@axplain/core/testing';
 * // class 1 reads only the left half of a 4 x 4 image
 * const w = Float32Array.from({ length: 32 }, (_, i) => (i >= 16 && i % 4 < 2 ? i / 16 : 0));
 * const model = new LinearModel([1, 4, 4], 2, w, Float32Array.of(5, 0));
 * const x = tensor(new Float32Array(16).fill(0.5), [1, 1, 4, 4]);
 * const r = await axai(model, x, { eps: 0.5, topK: 1, segments: gridSegments(4, 4, { cols: 2 }) });
 * r.explanations[0].selected; // Int32Array [0]: the left half (density 0.375, the right half 0)
 * // images: segments default to QuickShift; the paper's range is
 * // { method: 'quickshift', kernelSize: 4..8, maxDist: 10..200, ratio: 0.1..0.2 }
 */
export async function axai(model: GradientModel, x: Tensor, options: AxaiOptions = {}): Promise<AxaiResult> {
  const topK = checkInteger('topK', options.topK ?? 5, { min: 1 });
  checkAlpha(options.alpha ?? 15);
  if (options.tieBreak !== undefined) checkChoice('tieBreak', options.tieBreak, TIE_BREAKS, 'rule');
  const dims = mapDims(model.inputShape, options.layout);
  // segments first: a bad segmentation fails before the attack is paid for
  const segmentations = resolveAxaiSegments(options.segments, x, dims);
  const attack = await axaiAttack(model, x, options);
  const delta = attackDelta(x, attack.adversarial);
  const d = sampleSize(x);
  const explanations = segmentations.map((segmentation, n): AxaiExplanation => {
    const { filtered, lower, upper } = alphaTailFilter(delta.data.subarray(n * d, (n + 1) * d), dims, { alpha: options.alpha, perChannel: options.perChannel });
    const density = segmentDensity(filtered, segmentation);
    const magnitude = segmentMagnitude(filtered, segmentation);
    const found = attack.success[n] === 1;
    const { selected, ties } = found ? topSegments(density, topK, options.tieBreak ?? 'magnitude', magnitude) : { selected: new Int32Array(0), ties: new Int32Array(0) };
    const chosen = new Uint8Array(segmentation.count);
    for (const s of selected) chosen[s] = 1;
    const mask = Uint8Array.from(segmentation.labels, (l) => chosen[l]!);
    return { found, label: attack.labels[n]!, adversarialLabel: argmaxRow(attack.logits, n), segmentation, filtered, lower, upper, density, magnitude, selected, ties, mask };
  });
  return { explanations, delta, found: attack.success, attack, dims };
}
