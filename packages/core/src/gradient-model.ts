/**
 * The one interface every explanation, attack and metric in axplain is written against. An
 * adapter (onnxruntime-node, onnxruntime-web, a closed-form mock) implements it; core never
 * knows which.
 */
import type { Tensor } from './tensor.js';

export interface VjpResult {
  /** f(x): [N, classes]. */
  logits: Tensor;
  /** d(sum over n, c of cotangent[n, c] * f(x)[n, c]) / dx, shaped like x. */
  grad: Tensor;
}

export interface GradientModel {
  /** Version of this interface the implementation follows. */
  readonly specificationVersion: 'v1';
  /**
   * Per-sample input shape (without the batch axis), e.g. [1, 28, 28]. Inputs to `logits`
   * and `vjp` are [N, ...inputShape].
   */
  readonly inputShape: readonly number[];
  /** Number of classes (length of a logits row). */
  readonly classes: number;
  /**
   * Per-sample dims of the output when it is more than a vector of classes: a sequence [T, C]
   * or a dense map [1, H, W], flattened row-major into the `classes` values of a logits row.
   * Read through an output readout (`readoutModel`). @defaultValue [classes]
   */
  readonly outputShape?: readonly number[];
  /** Class names, when the model has them (index -> label). */
  readonly labels?: readonly string[];
  /** Batched logits f(x): [N, classes]. */
  logits(x: Tensor): Promise<Tensor>;
  /**
   * Batched vector-Jacobian product: the gradient of sum(cotangent * f(x)) with respect to x,
   * together with f(x). `cotangent` is [N, classes].
   */
  vjp(x: Tensor, cotangent: Tensor): Promise<VjpResult>;
  /** Releases the resources behind the model (sessions, GPU buffers). Idempotent. */
  dispose(): Promise<void>;
}
