/**
 * The AXAI paper's re-attack test (Sec. 3.3, Fig. 4, Table 4): after a first L2 attack, attack
 * the clean input again but only on the features whose first-attack magnitude lies outside
 * (the tails) or inside (the middle) the percentile band [alpha, 100 - alpha], and see whether
 * the prediction still flips. The paper finds the tails at alpha ~ 15 already flip most inputs.
 */
import { checkInput } from '../../attacks/result.js';
import { ShapeMismatchError } from '../../errors.js';
import type { GradientModel } from '../../gradient-model.js';
import { predictions, resolveTargets } from '../../targets.js';
import { sampleSize, type Tensor } from '../../tensor.js';
import { checkChoice } from '../../validate.js';
import { attackDelta, axaiAttack, type AxaiAttackOptions } from './attack.js';
import { mapDims, type AxaiLayout } from './layout.js';
import { maskGradient } from './masked-model.js';
import { alphaTailFilter, checkAlpha } from './tail-filter.js';

export interface ReattackOptions extends AxaiAttackOptions {
  /** Band parameters alpha (0..50) to test. @defaultValue [1, 5, 10, 15] (Table 4) */
  alphas?: readonly number[];
  /**
   * 'reattack': a fresh attack (the same eps, steps and step, from x, no random start, stopping
   * at the first flip) whose gradient is zero outside the band; 'masked-delta': no new attack,
   * x + delta restricted to the band. @defaultValue 'reattack'
   */
  mode?: 'reattack' | 'masked-delta';
  /** Also test the middle band (the complement, Table 4's left column). @defaultValue true */
  middle?: boolean;
  /** Band percentiles per channel (as AXAI's filter) or over the whole sample. @defaultValue true */
  perChannel?: boolean;
  /** @defaultValue inferred, see `mapDims` */
  layout?: AxaiLayout;
  /** The first attack's delta (e.g. `axai(...).delta`); computed with the options above when left out. */
  delta?: Tensor;
  /** Evaluate only the samples the first attack flipped (the paper's choice). @defaultValue true */
  onlyFound?: boolean;
}

export interface ReattackBand {
  alpha: number;
  /** 'tails': features below the alpha-th or above the (100 - alpha)-th percentile; 'middle': the rest. */
  region: 'tails' | 'middle';
  /** Features attacked, per sample. */
  features: Int32Array;
  /** Prediction after the band attack, per sample (the clean prediction for samples not evaluated). */
  predictions: Int32Array;
  /** 1 where the prediction left the label, per sample (0 for samples not evaluated). */
  flipped: Uint8Array;
  /** Fraction of evaluated samples still classified as their label (NaN when none is evaluated). */
  accuracy: number;
}

export interface ReattackResult {
  /** Class each sample was attacked away from. */
  labels: Int32Array;
  /** Per sample: the first, unrestricted attack flipped it. */
  found: Uint8Array;
  /** Per sample: counted in the accuracies (found, or every sample when `onlyFound` is false). */
  evaluated: Uint8Array;
  /** The first attack's delta. */
  delta: Tensor;
  /** One band per alpha, in the given order. */
  tails: ReattackBand[];
  /** One band per alpha (empty when `middle` is false). */
  middle: ReattackBand[];
  /** Per sample: the smallest alpha whose tails flip the prediction (the paper's Fig. 4), NaN when none does. */
  flipAlpha: Float64Array;
}

/**
 * Re-attack test over a batch.
 * @example
 * const r = await reattackTest(model, x, { eps: 2, alphas: [1, 5, 10, 15] });
 * r.tails.map((b) => b.accuracy);  // accuracy falls as alpha grows (more features attacked)
 * r.middle.map((b) => b.accuracy);
 */
export async function reattackTest(model: GradientModel, x: Tensor, options: ReattackOptions = {}): Promise<ReattackResult> {
  const n = checkInput(model, x, 'reattack input');
  const alphas = [...(options.alphas ?? [1, 5, 10, 15])];
  if (alphas.length === 0) throw new RangeError('alphas: give at least one band parameter');
  alphas.forEach((a, i) => checkAlpha(a, `alphas[${i}]`));
  const mode = options.mode ?? 'reattack';
  checkChoice('mode', mode, ['reattack', 'masked-delta'], 'mode');
  const dims = mapDims(model.inputShape, options.layout);
  const clean = await model.logits(x);
  const cleanPred = predictions(clean);
  const labels = resolveTargets(options.target ?? 'predicted', n, model.classes, clean);
  const d = sampleSize(x);

  let delta: Tensor, found: Uint8Array;
  if (options.delta) {
    delta = options.delta;
    if (delta.data.length !== x.data.length) throw new ShapeMismatchError('delta', [...x.shape], delta.shape, 'pass the first attack\'s x\' - x for the same batch');
    const pred = predictions(await model.logits({ data: Float32Array.from(x.data, (v, i) => v + delta.data[i]!), shape: [...x.shape] }));
    found = Uint8Array.from(pred, (p, i) => (p !== labels[i] ? 1 : 0));
  } else {
    const first = await axaiAttack(model, x, { ...options, target: Array.from(labels) });
    delta = attackDelta(x, first.adversarial);
    found = first.success;
  }
  const evaluated = options.onlyFound ?? true ? found : new Uint8Array(n).fill(1);
  const count = evaluated.reduce((a, b) => a + b, 0);
  const epsOf = (s: number) => (Array.isArray(options.eps) ? (options.eps as readonly number[])[s] : (options.eps as number | undefined));

  const band = async (alpha: number, region: 'tails' | 'middle'): Promise<ReattackBand> => {
    const points = Float32Array.from(x.data);
    const features = new Int32Array(n);
    for (let s = 0; s < n; s++) {
      if (!evaluated[s]) continue;
      const xd = x.data.subarray(s * d, (s + 1) * d);
      const dd = delta.data.subarray(s * d, (s + 1) * d);
      const { kept } = alphaTailFilter(dd, dims, { alpha, perChannel: options.perChannel });
      const mask = region === 'tails' ? kept : kept.map((k) => 1 - k);
      features[s] = mask.reduce((a, b) => a + b, 0);
      if (features[s] === 0) continue;
      let step: ArrayLike<number> = dd;
      if (mode === 'reattack') {
        const xs = { data: Float32Array.from(xd), shape: [1, ...x.shape.slice(1)] };
        const r = await axaiAttack(maskGradient(model, mask), xs, {
          ...options, eps: epsOf(s), target: [labels[s]!], earlyStop: true, randomStart: false, onStep: undefined,
        });
        step = attackDelta(xs, r.adversarial).data;
      }
      // only the band moves, whatever the attack did elsewhere
      for (let i = 0; i < d; i++) if (mask[i]) points[s * d + i] = xd[i]! + step[i]!;
    }
    const pred = predictions(await model.logits({ data: points, shape: [...x.shape] }));
    const flipped = Uint8Array.from(pred, (p, s) => (evaluated[s] && p !== labels[s] ? 1 : 0));
    for (let s = 0; s < n; s++) if (!evaluated[s]) pred[s] = cleanPred[s]!;
    let correct = 0;
    for (let s = 0; s < n; s++) if (evaluated[s] && pred[s] === labels[s]) correct++;
    return { alpha, region, features, predictions: pred, flipped, accuracy: count > 0 ? correct / count : NaN };
  };

  const tails: ReattackBand[] = [], middle: ReattackBand[] = [];
  for (const a of alphas) tails.push(await band(a, 'tails'));
  if (options.middle ?? true) for (const a of alphas) middle.push(await band(a, 'middle'));
  const flipAlpha = Float64Array.from({ length: n }, (_, s) => {
    const hits = tails.filter((b) => b.flipped[s]).map((b) => b.alpha);
    return hits.length ? Math.min(...hits) : NaN;
  });
  return { labels, found, evaluated, delta, tails, middle, flipAlpha };
}
