/**
 * IG baselines: the reference input the path integral starts from. Resolved to a full
 * [N, ...inputShape] tensor (the memory of one more copy of x).
 */
import { ShapeMismatchError } from '../errors.js';
import { gaussianBlur } from '../image-ops.js';
import { Rng } from '../rng.js';
import { numel, type Tensor } from '../tensor.js';
import { checkNumber } from '../validate.js';

/**
 * - `'zeros'`: all zeros in the model's input space (Captum's default; for a normalised input this
 *   is the mean image, not black);
 * - a number: that constant everywhere;
 * - `'blur'` / `{ kind: 'blur', sigma }`: each input blurred by a Gaussian over its last two axes
 *   (height, width), `sigma` in pixels, default max(H, W) / 10;
 * - `{ kind: 'uniform', lo, hi, seed }`: independent uniform noise in [lo, hi) (defaults 0, 1, 0);
 * - a Tensor: one baseline per sample [N, ...inputShape], or one for all [1, ...inputShape].
 */
export type Baseline =
  | 'zeros'
  | number
  | 'blur'
  | { kind: 'blur'; sigma?: number }
  | { kind: 'uniform'; lo?: number; hi?: number; seed?: number }
  | Tensor;

const isTensor = (b: unknown): b is Tensor =>
  typeof b === 'object' && b !== null && (b as Tensor).data instanceof Float32Array && Array.isArray((b as Tensor).shape);

/**
 * The baseline of every sample of x ([N, ...inputShape]) as a [N, ...inputShape] tensor.
 * @example resolveBaseline(0.5, x, [1, 28, 28]).data[0] // 0.5
 */
export function resolveBaseline(baseline: Baseline | undefined, x: Tensor, inputShape: readonly number[]): Tensor {
  const b = baseline ?? 'zeros';
  const shape = [...x.shape];
  const size = x.data.length;
  if (b === 'zeros') return { data: new Float32Array(size), shape };
  if (typeof b === 'number') {
    if (!Number.isFinite(b)) throw new RangeError(`baseline: a constant baseline must be finite, got ${b}`);
    return { data: new Float32Array(size).fill(b), shape };
  }
  if (isTensor(b)) {
    const d = numel(inputShape);
    const perSample = b.shape.slice(1).join() === inputShape.join() && b.shape.length === inputShape.length + 1;
    if (perSample && b.shape[0] === x.shape[0] && b.data.length === size) return { data: b.data, shape };
    if (perSample && b.shape[0] === 1 && b.data.length === d) {
      const data = new Float32Array(size);
      for (let o = 0; o < size; o += d) data.set(b.data, o);
      return { data, shape };
    }
    throw new ShapeMismatchError('baseline', [`1 or ${x.shape[0]}`, ...inputShape], b.shape, 'Give one baseline per sample or a single one for all');
  }
  if (b === 'blur' || (typeof b === 'object' && b.kind === 'blur')) {
    if (inputShape.length < 2)
      throw new RangeError(`baseline: 'blur' needs inputs with height and width as the last two axes; this model's input is [${inputShape.join(', ')}]`);
    const sigma = (typeof b === 'object' ? b.sigma : undefined) ?? Math.max(inputShape.at(-1)!, inputShape.at(-2)!) / 10;
    return gaussianBlur(x, checkNumber('baseline.sigma', sigma, { min: 0 }));
  }
  if (typeof b === 'object' && b.kind === 'uniform') {
    const lo = b.lo ?? 0;
    const hi = b.hi ?? 1;
    if (!(lo <= hi)) throw new RangeError(`baseline: uniform needs lo <= hi, got lo ${lo}, hi ${hi}`);
    return { data: new Rng(b.seed ?? 0).fillUniform(size, lo, hi), shape };
  }
  throw new RangeError(`baseline: unknown baseline ${JSON.stringify(b)}; use 'zeros', a number, 'blur', { kind: 'blur', sigma }, { kind: 'uniform', lo, hi, seed } or a Tensor`);
}
