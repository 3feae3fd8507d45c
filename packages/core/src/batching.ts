/**
 * Internal batching: methods that evaluate many rows (IG's interpolation steps, SmoothGrad's noisy
 * copies) call the model on chunks of at most `internalBatchSize` rows, so memory stays bounded by
 * the chunk, never by samples x steps. Rows are virtual: the caller builds each chunk's input on
 * demand, so the full expanded batch is never materialised.
 */
import { throwIfAborted } from './abort.js';

export { throwIfAborted };
import type { GradientModel, VjpResult } from './gradient-model.js';
import { sampleSize, sliceBatch, type Tensor } from './tensor.js';
import { checkInteger } from './validate.js';

/** Rows per model call when a method is not told otherwise. */
export const DEFAULT_INTERNAL_BATCH_SIZE = 64;

export interface BatchingOptions {
  /** Most rows (samples) per model call. @defaultValue 64 */
  internalBatchSize?: number;
  /** Checked before every model call; an aborted signal rejects with an `AbortError`-named error. */
  signal?: AbortSignal;
  /** Called after every chunk: `step` chunks of `steps` are done. */
  onStep?: (info: { step: number; steps: number }) => void;
}

/** Validates `internalBatchSize` (an integer >= 1) and applies the default. */
export function checkInternalBatchSize(size: number | undefined): number {
  if (size === undefined) return DEFAULT_INTERNAL_BATCH_SIZE;
  checkInteger('internalBatchSize', size, { min: 1 });
  return size;
}


/** Number of chunks `total` rows take at `size` rows each. */
export const chunkCount = (total: number, size: number): number => Math.ceil(total / size);

/**
 * Runs `body` over consecutive row ranges [start, end) of `total` rows, at most
 * `internalBatchSize` rows each, one after the other (never in parallel: one model call in
 * flight keeps peak memory at one chunk).
 * @example await forEachChunk(10, { internalBatchSize: 4 }, async (s, e) => console.log(s, e)) // 0 4, 4 8, 8 10
 */
export async function forEachChunk(
  total: number,
  options: BatchingOptions,
  body: (start: number, end: number) => Promise<void>,
): Promise<void> {
  const size = checkInternalBatchSize(options.internalBatchSize);
  const steps = chunkCount(total, size);
  for (let step = 0; step < steps; step++) {
    throwIfAborted(options.signal);
    const start = step * size;
    await body(start, Math.min(total, start + size));
    options.onStep?.({ step: step + 1, steps });
  }
}

/**
 * Runs a per-batch function over `total` virtual rows in chunks and concatenates its outputs along
 * the batch axis. `build(start, end)` makes the chunk's input; `fn` must return one output row per
 * input row, with the same per-row shape for every chunk.
 * @example
 * const logits = await mapChunks(x.shape[0]!, (s, e) => sliceBatch(x, s, e), (c) => model.logits(c), { internalBatchSize: 16 });
 */
export async function mapChunks(
  total: number,
  build: (start: number, end: number) => Tensor,
  fn: (chunk: Tensor, start: number) => Promise<Tensor>,
  options: BatchingOptions = {},
): Promise<Tensor> {
  if (total < 1) throw new RangeError(`mapChunks: total must be >= 1 row, got ${total}`);
  let out: Float32Array | undefined;
  let rowShape: readonly number[] = [];
  await forEachChunk(total, options, async (start, end) => {
    const y = await fn(build(start, end), start);
    const shape = y.shape.slice(1);
    if (y.shape[0] !== end - start || y.data.length !== (end - start) * sampleSize(y))
      throw new RangeError(`mapChunks: a chunk of ${end - start} rows returned shape [${y.shape.join(', ')}]`);
    if (!out) {
      out = new Float32Array(total * sampleSize(y));
      rowShape = shape;
    } else if (shape.join() !== rowShape.join()) {
      throw new RangeError(`mapChunks: chunk rows have shape [${shape.join(', ')}], earlier ones [${rowShape.join(', ')}]`);
    }
    out.set(y.data, start * sampleSize(y));
  });
  return { data: out!, shape: [total, ...rowShape] };
}

/**
 * Runs a per-sample-batch function over the samples of `x` in chunks of `internalBatchSize` and
 * concatenates the outputs.
 * @example const logits = await mapBatched(x, (c) => model.logits(c), { internalBatchSize: 16 });
 */
export function mapBatched(x: Tensor, fn: (chunk: Tensor, start: number) => Promise<Tensor>, options: BatchingOptions = {}): Promise<Tensor> {
  return mapChunks(x.shape[0] ?? 1, (s, e) => sliceBatch(x, s, e), fn, options);
}

/**
 * `model.logits(x)` in chunks of `internalBatchSize` samples.
 * @example const logits = await batchedLogits(model, x, { internalBatchSize: 32 });
 */
export function batchedLogits(model: GradientModel, x: Tensor, options: BatchingOptions = {}): Promise<Tensor> {
  return mapBatched(x, (c) => model.logits(c), options);
}

/**
 * `model.vjp(x, cotangent)` in chunks of `internalBatchSize` samples (logits and gradient
 * concatenated).
 * @example const { grad } = await batchedVjp(model, x, oneHot(targets, model.classes), { internalBatchSize: 32 });
 */
export async function batchedVjp(model: GradientModel, x: Tensor, cotangent: Tensor, options: BatchingOptions = {}): Promise<VjpResult> {
  const n = x.shape[0] ?? 1;
  const classes = cotangent.shape[1] ?? 0;
  const logits = new Float32Array(n * classes);
  const grad = await mapBatched(x, async (chunk, start) => {
    const end = start + chunk.shape[0]!;
    const r = await model.vjp(chunk, sliceBatch(cotangent, start, end));
    if (r.logits.data.length !== (end - start) * classes)
      throw new RangeError(`batchedVjp: the model returned logits [${r.logits.shape.join(', ')}] for a chunk of ${end - start} samples and ${classes} classes`);
    logits.set(r.logits.data, start * classes);
    return r.grad;
  }, options);
  return { logits: { data: logits, shape: [n, classes] }, grad: { data: grad.data, shape: [...x.shape] } };
}
