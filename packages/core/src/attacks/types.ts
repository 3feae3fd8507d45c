/**
 * Options and result shared by every attack. Attacks are written against `GradientModel` only;
 * their losses are cotangents on the logits (../losses).
 */
import type { Target } from '../targets.js';
import type { Tensor } from '../tensor.js';

export type Norm = 'linf' | 'l2' | 'l1';

/** Lower/upper bounds of valid inputs: scalars, or one value per channel (axis 1). */
export interface Box { lo: number | readonly number[]; hi: number | readonly number[] }

export interface AttackOptions {
  /** Perturbation budget: one for all samples or one per sample. */
  eps?: number | readonly number[];
  /** @defaultValue 'linf' where the attack supports it */
  norm?: Norm;
  steps?: number;
  /** Step size (absolute, in input units). */
  stepSize?: number;
  /** @defaultValue false */
  targeted?: boolean;
  /** Target class(es) of a targeted attack; for untargeted attacks the true label(s). @defaultValue 'predicted' */
  target?: Target;
  /** Valid input range. @defaultValue { lo: 0, hi: 1 } */
  box?: Box;
  /** Random restarts (best kept). @defaultValue 1 */
  restarts?: number;
  /** @defaultValue 0 */
  seed?: number;
  /** Called after every iteration (progress bars). */
  onStep?: (info: { step: number; steps: number; restart?: number }) => void;
  /** Aborts between iterations with an `AbortError`-named DOMException/Error. */
  signal?: AbortSignal;
}

export interface Norms { l0: Float32Array; l1: Float32Array; l2: Float32Array; linf: Float32Array }

export interface AttackResult {
  /** The adversarial batch (clean inputs where nothing was found). */
  adversarial: Tensor;
  /** Recomputed from `adversarial`: misclassified (untargeted) or classified as the target. */
  success: Uint8Array;
  /** Logits of `adversarial`. */
  logits: Tensor;
  /** Norms of adversarial - input per sample. */
  norms: Norms;
  /** Model gradient calls used per sample (or iterations run). */
  iterations: Int32Array;
  /** Classes attacked away from (untargeted) or towards (targeted), per sample. */
  labels: Int32Array;
}
