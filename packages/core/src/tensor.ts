/**
 * The tensor every core API takes and returns: float32 data, row-major, batch-first shape.
 * Independent of any runtime; adapters convert at their boundary.
 */
import { isInteger } from './validate.js';

export interface Tensor {
  readonly data: Float32Array;
  /** Batch-first shape, e.g. [N, C, H, W]. */
  readonly shape: readonly number[];
}

/** Number of elements of a shape. */
export const numel = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/**
 * Builds a tensor, checking that `data` holds exactly `numel(shape)` values.
 * @example tensor(new Float32Array(784), [1, 1, 28, 28])
 */
export function tensor(data: Float32Array | readonly number[], shape: readonly number[]): Tensor {
  const d = data instanceof Float32Array ? data : Float32Array.from(data);
  if (shape.some((s) => !isInteger(s, { min: 0 }))) throw new RangeError(`tensor: shape [${shape.join(', ')}] must hold non-negative integers`);
  if (d.length !== numel(shape)) throw new RangeError(`tensor: data has ${d.length} values but shape [${shape.join(', ')}] needs ${numel(shape)}`);
  return { data: d, shape: [...shape] };
}

/** A zero tensor of the given shape. */
export const zeros = (shape: readonly number[]): Tensor => ({ data: new Float32Array(numel(shape)), shape: [...shape] });

/** Batch size (first dim) of a tensor. */
export const batchOf = (t: Tensor): number => t.shape[0] ?? 1;

/** Values per sample (product of the non-batch dims). */
export const sampleSize = (t: Tensor): number => numel(t.shape.slice(1));

/** Samples [start, end) of a batch (a copy). */
export function sliceBatch(t: Tensor, start: number, end: number): Tensor {
  const s = sampleSize(t);
  return { data: t.data.slice(start * s, end * s), shape: [end - start, ...t.shape.slice(1)] };
}

/** Concatenates tensors along the batch axis; all must share the per-sample shape. */
export function concatBatch(ts: readonly Tensor[]): Tensor {
  if (ts.length === 0) throw new RangeError('concatBatch: no tensors');
  const rest = ts[0]!.shape.slice(1);
  const n = ts.reduce((a, t) => {
    if (t.shape.slice(1).join() !== rest.join()) throw new RangeError(`concatBatch: sample shape [${t.shape.slice(1).join(', ')}] differs from [${rest.join(', ')}]`);
    return a + batchOf(t);
  }, 0);
  const data = new Float32Array(n * numel(rest));
  let o = 0;
  for (const t of ts) { data.set(t.data, o); o += t.data.length; }
  return { data, shape: [n, ...rest] };
}
