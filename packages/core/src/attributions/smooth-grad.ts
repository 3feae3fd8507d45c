/**
 * SmoothGrad (Smilkov et al. 2017), SmoothGrad^2 and VarGrad (Adebayo et al. 2018) as a noise
 * wrapper over any gradient attribution method (Captum's NoiseTunnel): average the base method's
 * attributions over copies of the input with Gaussian noise added.
 */
import { checkInternalBatchSize, throwIfAborted } from '../batching.js';
import type { GradientModel } from '../gradient-model.js';
import { Rng } from '../rng.js';
import { numel, type Tensor } from '../tensor.js';
import { checkInteger, isNumberIn } from '../validate.js';
import { attributionTargets, checkAttributionInput, checkQuotedChoice } from './common.js';
import { saliency, type SaliencyOptions } from './saliency.js';
import type { AttributionMethod, AttributionOptions, AttributionResult } from './types.js';

/** 'mean': SmoothGrad; 'squared': mean of squares (SmoothGrad^2); 'vargrad': variance. */
export type NoiseVariant = 'mean' | 'squared' | 'vargrad';
export const NOISE_VARIANTS: readonly NoiseVariant[] = Object.freeze(['mean', 'squared', 'vargrad']);

export type SigmaMode = 'relative' | 'absolute';
export const SIGMA_MODES: readonly SigmaMode[] = Object.freeze(['relative', 'absolute']);

export interface SmoothGradOptions<O extends AttributionOptions = SaliencyOptions> extends AttributionOptions {
  /** Noisy copies per sample. @defaultValue 50 */
  samples?: number;
  /** Standard deviation of the noise (see `sigmaMode`). @defaultValue 0.15 */
  sigma?: number;
  /**
   * 'relative': the noise std is sigma * (max(x_n) - min(x_n)) for each sample n (the paper's
   * noise level); 'absolute': sigma itself, in input units (Captum's `stdevs`). @defaultValue 'relative'
   */
  sigmaMode?: SigmaMode;
  /** How the noisy attributions are combined. @defaultValue 'mean' */
  variant?: NoiseVariant;
  /** Seed of the noise. @defaultValue 0 */
  seed?: number;
  /** The method to smooth: any `(model, x, options)` attribution method. @defaultValue saliency */
  base?: AttributionMethod<O>;
  /**
   * Options of the base method (its target, batch size and signal are set by smoothGrad). The base
   * is called on batches of several noisy copies of x, so per-sample tensors in these options (an
   * IG baseline of N samples) do not fit; give single-sample or non-tensor ones.
   */
  baseOptions?: Omit<O, keyof AttributionOptions>;
  /** Called after every call of the base method: `step` of `steps` are done. */
  onStep?: (info: { step: number; steps: number }) => void;
}

export interface SmoothGradResult extends AttributionResult {
  /** Absolute noise standard deviation used for each sample. */
  sigma: Float32Array;
  /** Noisy copies per sample. */
  samples: number;
  variant: NoiseVariant;
}

/**
 * mean / mean of squares / variance over `samples` draws of base(x + N(0, sigma^2)). The target is
 * resolved once on the clean input (`'predicted'` = the clean argmax), so every draw explains the
 * same class. Noisy copies are drawn in a fixed order from the seed and handed to the base method
 * in groups of about `internalBatchSize` samples, so neither memory nor the result depend on the
 * number of draws per call.
 * @example
 * import { smoothGrad, integratedGradients } from '@axplain/core';
 * import { LinearModel } from '@axplain/core/testing';
 * const model = new LinearModel([2], 2, Float32Array.of(1, 2, 3, 4));
 * const x = { data: Float32Array.of(0.2, 0.9), shape: [1, 2] };
 * (await smoothGrad(model, x, { target: 0, samples: 20, seed: 1 })).attribution.data; // [1, 2]: W[0]
 * await smoothGrad(model, x, { base: integratedGradients, baseOptions: { steps: 8 }, samples: 10 });
 */
export async function smoothGrad<O extends AttributionOptions = SaliencyOptions>(
  model: GradientModel,
  x: Tensor,
  options: SmoothGradOptions<O> = {},
): Promise<SmoothGradResult> {
  const n = checkAttributionInput(model, x);
  const samples = checkInteger('samples', options.samples ?? 50, { min: 1 });
  const sigma = options.sigma ?? 0.15;
  if (!isNumberIn(sigma, { min: 0 })) throw new RangeError(`sigma: must be a finite number >= 0, got ${sigma}`);
  const sigmaMode = checkQuotedChoice('sigmaMode', options.sigmaMode ?? 'relative', SIGMA_MODES);
  const variant = checkQuotedChoice('variant', options.variant ?? 'mean', NOISE_VARIANTS);
  const internalBatchSize = checkInternalBatchSize(options.internalBatchSize);
  const base = (options.base ?? saliency) as AttributionMethod<O>;
  if (typeof base !== 'function') throw new TypeError('base: must be an attribution method (model, x, options) => Promise<{ attribution }>');
  const signal = options.signal;
  const targets = await attributionTargets(model, x, options.target, { internalBatchSize, signal });
  const d = numel(model.inputShape);

  const std = new Float32Array(n);
  for (let s = 0; s < n; s++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = s * d; i < (s + 1) * d; i++) {
      lo = Math.min(lo, x.data[i]!);
      hi = Math.max(hi, x.data[i]!);
    }
    std[s] = sigmaMode === 'relative' ? sigma * (hi - lo) : sigma;
  }

  // Draws per base call: enough copies of the batch to fill one internal batch.
  const group = Math.max(1, Math.min(samples, Math.floor(internalBatchSize / n)));
  const calls = Math.ceil(samples / group);
  const rng = new Rng(options.seed ?? 0);
  const sum = new Float64Array(n * d);
  const sumSq = new Float64Array(n * d);
  for (let call = 0; call < calls; call++) {
    throwIfAborted(signal);
    const g = Math.min(group, samples - call * group);
    const noisy = new Float32Array(g * n * d);
    for (let j = 0; j < g; j++)
      for (let s = 0; s < n; s++)
        for (let i = 0; i < d; i++) {
          const o = (j * n + s) * d + i;
          noisy[o] = x.data[s * d + i]! + std[s]! * rng.normal();
        }
    const groupTargets = new Int32Array(g * n);
    for (let j = 0; j < g; j++) groupTargets.set(targets, j * n);
    const baseOptions = { ...options.baseOptions, target: [...groupTargets], internalBatchSize, signal } as unknown as O;
    const { attribution } = await base(model, { data: noisy, shape: [g * n, ...model.inputShape] }, baseOptions);
    if (attribution.data.length !== g * n * d)
      throw new RangeError(`smoothGrad: the base method returned an attribution of shape [${attribution.shape.join(', ')}] for a batch of shape [${g * n}, ${model.inputShape.join(', ')}]`);
    for (let j = 0; j < g; j++)
      for (let o = 0; o < n * d; o++) {
        const v = attribution.data[j * n * d + o]!;
        sum[o]! += v;
        sumSq[o]! += v * v;
      }
    options.onStep?.({ step: call + 1, steps: calls });
  }

  const out = new Float32Array(n * d);
  for (let o = 0; o < n * d; o++) {
    const mean = sum[o]! / samples;
    const meanSq = sumSq[o]! / samples;
    // E[a^2] - E[a]^2 (Captum's VarGrad); clamped at 0 against rounding.
    out[o] = variant === 'mean' ? mean : variant === 'squared' ? meanSq : Math.max(0, meanSq - mean * mean);
  }
  return { attribution: { data: out, shape: [...x.shape] }, targets, sigma: std, samples, variant };
}
