/**
 * Closed-form mock models for tests and examples: an affine classifier f(x) = W x + b and a
 * two-layer ReLU network f(x) = V relu(U x + c) + d, computed in plain TypeScript (float64
 * accumulation), with exact vector-Jacobian products. Inputs are flattened per sample.
 */
import type { GradientModel, VjpResult } from '../gradient-model.js';
import { ShapeMismatchError } from '../errors.js';
import { numel, type Tensor } from '../tensor.js';

abstract class MockModel implements GradientModel {
  readonly specificationVersion = 'v1' as const;
  /** Number of `logits` and `vjp` calls made (for batching tests). */
  calls = { logits: 0, vjp: 0, samples: 0 };
  disposed = false;
  constructor(readonly inputShape: readonly number[], readonly classes: number) {}
  protected check(x: Tensor): number {
    const d = numel(this.inputShape);
    if (x.shape.slice(1).join() !== this.inputShape.join() || x.data.length !== x.shape[0]! * d)
      throw new ShapeMismatchError('mock model input', ['N', ...this.inputShape], x.shape);
    return x.shape[0]!;
  }
  async logits(x: Tensor): Promise<Tensor> {
    this.calls.logits++;
    this.calls.samples += this.check(x);
    return this.forward(x).logits;
  }
  async vjp(x: Tensor, cotangent: Tensor): Promise<VjpResult> {
    this.calls.vjp++;
    const n = this.check(x);
    this.calls.samples += n;
    if (cotangent.shape.join() !== [n, this.classes].join()) throw new ShapeMismatchError('mock model cotangent', [n, this.classes], cotangent.shape);
    return this.backward(x, cotangent);
  }
  async dispose(): Promise<void> { this.disposed = true; }
  protected abstract forward(x: Tensor): { logits: Tensor };
  protected abstract backward(x: Tensor, ct: Tensor): VjpResult;
}

/** y = A x + b for each sample; A is [rows, cols] row-major. */
function affine(a: Float32Array, b: Float32Array | undefined, rows: number, cols: number, x: Float32Array, n: number): Float32Array {
  const out = new Float32Array(n * rows);
  for (let s = 0; s < n; s++)
    for (let r = 0; r < rows; r++) {
      let acc = b ? b[r]! : 0;
      for (let k = 0; k < cols; k++) acc += a[r * cols + k]! * x[s * cols + k]!;
      out[s * rows + r] = acc;
    }
  return out;
}

/** ct^T A for each sample: [n, rows] x [rows, cols] -> [n, cols]. */
function transposed(a: Float32Array, rows: number, cols: number, ct: Float32Array, n: number): Float32Array {
  const out = new Float32Array(n * cols);
  for (let s = 0; s < n; s++)
    for (let k = 0; k < cols; k++) {
      let acc = 0;
      for (let r = 0; r < rows; r++) acc += ct[s * rows + r]! * a[r * cols + k]!;
      out[s * cols + k] = acc;
    }
  return out;
}

/**
 * f(x) = W x + b. Saliency of class y is row y of W; the L2 distance of x to the boundary
 * between classes i and j is |f_i - f_j| / ||W_i - W_j||_2.
 * @example new LinearModel([2], 2, Float32Array.of(1, 0, 0, 1), Float32Array.of(0, 0))
 */
export class LinearModel extends MockModel {
  constructor(inputShape: readonly number[], classes: number, readonly weight: Float32Array, readonly bias: Float32Array = new Float32Array(classes)) {
    super(inputShape, classes);
    if (weight.length !== classes * numel(inputShape)) throw new RangeError(`LinearModel: weight has ${weight.length} values, needs classes x inputs = ${classes * numel(inputShape)}`);
  }
  protected forward(x: Tensor) {
    const n = x.shape[0]!;
    return { logits: { data: affine(this.weight, this.bias, this.classes, numel(this.inputShape), x.data, n), shape: [n, this.classes] } };
  }
  protected backward(x: Tensor, ct: Tensor): VjpResult {
    const n = x.shape[0]!;
    return { logits: this.forward(x).logits, grad: { data: transposed(this.weight, this.classes, numel(this.inputShape), ct.data, n), shape: [...x.shape] } };
  }
}

/** f(x) = V relu(U x + c) + d: piecewise linear, with kinks where U x + c crosses 0. */
export class ReluModel extends MockModel {
  readonly hidden: number;
  constructor(inputShape: readonly number[], classes: number, readonly u: Float32Array, readonly c: Float32Array, readonly v: Float32Array, readonly d: Float32Array = new Float32Array(classes)) {
    super(inputShape, classes);
    this.hidden = c.length;
    if (u.length !== this.hidden * numel(inputShape) || v.length !== classes * this.hidden) throw new RangeError('ReluModel: U must be [hidden, inputs] and V [classes, hidden]');
  }
  private pre(x: Tensor): Float32Array { return affine(this.u, this.c, this.hidden, numel(this.inputShape), x.data, x.shape[0]!); }
  protected forward(x: Tensor) {
    const n = x.shape[0]!;
    const h = this.pre(x).map((v) => Math.max(v, 0));
    return { logits: { data: affine(this.v, this.d, this.classes, this.hidden, h, n), shape: [n, this.classes] } };
  }
  protected backward(x: Tensor, ct: Tensor): VjpResult {
    const n = x.shape[0]!;
    const pre = this.pre(x);
    const gh = transposed(this.v, this.classes, this.hidden, ct.data, n).map((g, i) => (pre[i]! > 0 ? g : 0));
    return { logits: this.forward(x).logits, grad: { data: transposed(this.u, this.hidden, numel(this.inputShape), gh, n), shape: [...x.shape] } };
  }
}
