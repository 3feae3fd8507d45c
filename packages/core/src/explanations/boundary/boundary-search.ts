/**
 * The boundary point x' behind BSM and BIG (Wang et al., "Robust models are more interpretable
 * because attributions look normal"): per sample, the closest input the model no longer assigns to
 * the explained class y, found by the `closestAdversarial` ensemble, with a per-sample `found`
 * mask and an explicit policy for samples where nothing was found (never a silent baseline).
 */
import { closestAdversarial, type ClosestAdversarialOptions, type ClosestMember } from '../../attacks/closest-adversarial.js';
import { batchedLogits } from '../../batching.js';
import { AxplainError, ShapeMismatchError } from '../../errors.js';
import type { GradientModel } from '../../gradient-model.js';
import { argmaxRow } from '../../targets.js';
import type { Tensor } from '../../tensor.js';
import type { AttributionOptions, AttributionResult } from '../../attributions/types.js';
import { checkChoice } from '../../validate.js';

/**
 * What a boundary attribution returns for a sample whose boundary point was not found:
 * - `'zeros'`: an all-zero attribution (finite, never NaN), flagged by `found[n] = 0`;
 * - `'saliency'`: the ordinary saliency map d f_y / dx at x itself (a different method, also
 *   flagged by `found[n] = 0`);
 * - `'throw'`: reject with a {@link BoundaryNotFoundError} listing the samples.
 */
export type NotFoundPolicy = 'zeros' | 'saliency' | 'throw';
export const NOT_FOUND_POLICIES: readonly NotFoundPolicy[] = Object.freeze(['zeros', 'saliency', 'throw']);

/** Boundary points computed beforehand (e.g. one search shared by BSM and BIG). */
export interface BoundaryPoints {
  /** x' per sample, [N, ...inputShape]. */
  adversarial: Tensor;
  /** 1 where x' is a real boundary point. Re-checked: a point the model still assigns to y counts as not found. */
  found: Uint8Array;
  /** ||x' - x|| per sample in the search norm (recomputed in L2 when absent). */
  distance?: Float32Array;
  /** The ensemble member that found each point. */
  member?: (ClosestMember | null)[];
}

export interface BoundaryOptions extends AttributionOptions {
  /**
   * Options of the `closestAdversarial` search (its target is the explained class, untargeted).
   * The fallback for samples no member fooled is a PGD run on a ladder widened once (the top eps
   * doubled), then the sample is reported not found. @defaultValue { widen: 1 } (members, norm
   * 'l2' and the eps ladder as `closestAdversarial`)
   */
  search?: Omit<ClosestAdversarialOptions, 'target' | 'targeted' | 'signal'>;
  /** Boundary points found beforehand; skips the search (they are re-checked with one logits pass). */
  boundary?: BoundaryPoints;
  /** What to return where no boundary point was found; see {@link NotFoundPolicy}. @defaultValue 'zeros' */
  onNotFound?: NotFoundPolicy;
}

export interface BoundaryAttributionResult extends AttributionResult {
  /** x' per sample; the input itself where `found` is 0. */
  boundary: Tensor;
  /** 1 where a boundary point was found (its attribution is the method's), 0 where the policy applied. */
  found: Uint8Array;
  /** ||x' - x|| per sample (Infinity where not found). */
  distance: Float32Array;
  /** The search member that found each point (null where none). */
  member: (ClosestMember | null)[];
  /** The policy applied to the samples with `found` 0. */
  onNotFound: NotFoundPolicy;
}

/** No boundary point for some samples, under `onNotFound: 'throw'`. */
export class BoundaryNotFoundError extends AxplainError {
  constructor(readonly method: string, readonly samples: readonly number[]) {
    super(
      `${method}: no boundary point (adversarial example) found for sample${samples.length > 1 ? 's' : ''} [${samples.join(', ')}]. ` +
        "Widen the search (search.ladder, search.widen, search.members, more steps per member) or pass onNotFound: 'zeros' or 'saliency'",
      'BOUNDARY_NOT_FOUND',
    );
  }
}

/** Validates `onNotFound` and applies the default. */
export function notFoundPolicy(policy: NotFoundPolicy | undefined): NotFoundPolicy {
  const p = policy ?? 'zeros';
  return checkChoice('onNotFound', p, NOT_FOUND_POLICIES, 'policy');
}

/**
 * Boundary points of x away from `targets`: the closestAdversarial search (widened once by
 * default) or the caller's points, re-checked. Rows not found are replaced by x, so every later
 * gradient at them is a gradient at x. Throws {@link BoundaryNotFoundError} under 'throw'.
 */
export async function findBoundary(
  model: GradientModel, x: Tensor, targets: Int32Array, options: BoundaryOptions, method: string,
): Promise<{ boundary: Tensor; found: Uint8Array; distance: Float32Array; member: (ClosestMember | null)[] }> {
  const n = targets.length;
  const d = x.data.length / n;
  const policy = notFoundPolicy(options.onNotFound);
  let adv: Tensor, found: Uint8Array, distance: Float32Array, member: (ClosestMember | null)[];
  if (options.boundary) {
    const b = options.boundary;
    if (b.adversarial.shape.join() !== x.shape.join() || b.adversarial.data.length !== x.data.length)
      throw new ShapeMismatchError('boundary.adversarial', x.shape, b.adversarial.shape, 'Give one boundary point per input sample');
    if (b.found.length !== n) throw new RangeError(`boundary.found: ${b.found.length} flags given for a batch of ${n}`);
    const z = await batchedLogits(model, b.adversarial, { internalBatchSize: options.internalBatchSize, signal: options.signal });
    found = Uint8Array.from(b.found, (f, s) => (f && argmaxRow(z, s) !== targets[s] ? 1 : 0));
    adv = b.adversarial;
    member = Array.from({ length: n }, (_, s) => (found[s] ? b.member?.[s] ?? null : null));
    distance = Float32Array.from({ length: n }, (_, s) => {
      if (!found[s]) return Infinity;
      if (b.distance) return b.distance[s]!;
      let acc = 0;
      for (let i = s * d; i < (s + 1) * d; i++) acc += (adv.data[i]! - x.data[i]!) ** 2;
      return Math.sqrt(acc);
    });
  } else {
    const r = await closestAdversarial(model, x, { widen: 1, ...options.search, target: Array.from(targets), targeted: false, signal: options.signal });
    ({ adversarial: adv, found, distance, member } = r);
  }
  const missing: number[] = [];
  for (let s = 0; s < n; s++) if (!found[s]) missing.push(s);
  if (missing.length > 0 && policy === 'throw') throw new BoundaryNotFoundError(method, missing);
  const data = Float32Array.from(adv.data);
  for (const s of missing) data.set(x.data.subarray(s * d, (s + 1) * d), s * d);
  return { boundary: { data, shape: [...x.shape] }, found, distance, member };
}
