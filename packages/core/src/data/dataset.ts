/**
 * The dataset shape every loader in this folder returns: images as one [N, 1, H, W] Float32Array
 * in [0, 1] (what `GradientModel.logits` takes), integer labels, and optional per-sample
 * annotations (RRR masks, bounding boxes).
 */

/**
 * An axis-aligned box in pixel coordinates, half-open: columns x0 <= x < x1, rows y0 <= y < y1.
 * Its area is (x1 - x0) * (y1 - y0).
 */
export interface BoundingBox {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

export interface Dataset {
  /** Images, row-major [n, ...shape], values in [0, 1]. */
  readonly x: Float32Array;
  /** Class index of each sample, in [0, classes). */
  readonly y: Int32Array;
  /** Number of samples. */
  readonly n: number;
  /** Per-sample shape [C, H, W] (C = 1: grey images), as `GradientModel.inputShape`. */
  readonly shape: readonly [number, number, number];
  /** Number of classes. */
  readonly classes: number;
  /** Class names, one per class. */
  readonly labels?: readonly string[];
  /**
   * Annotation masks A shaped like `x` (1 = a region the model should NOT rely on, 0 elsewhere),
   * as RRR's input-gradient penalty takes them. Decoy MNIST: the swatch.
   */
  readonly masks?: Float32Array;
  /** One ground-truth box per sample (the localisation canvas: the placed digit). */
  readonly boxes?: readonly BoundingBox[];
}

/** A seeded train/test partition of one dataset. */
export interface DatasetSplit {
  readonly train: Dataset;
  readonly test: Dataset;
}

/** Values per sample: C * H * W. */
export const sampleLength = (ds: Pick<Dataset, 'shape'>): number => ds.shape[0] * ds.shape[1] * ds.shape[2];

/**
 * The samples at `indices`, in that order (copies of x, y, masks and boxes).
 * @example subset(ds, [2, 0]).y // Int32Array [ds.y[2], ds.y[0]]
 */
export function subset(ds: Dataset, indices: ArrayLike<number>): Dataset {
  const len = sampleLength(ds);
  const m = indices.length;
  const x = new Float32Array(m * len);
  const y = new Int32Array(m);
  const masks = ds.masks ? new Float32Array(m * len) : undefined;
  const boxes: BoundingBox[] | undefined = ds.boxes ? [] : undefined;
  for (let k = 0; k < m; k++) {
    const i = indices[k]!;
    if (!Number.isInteger(i) || i < 0 || i >= ds.n) throw new RangeError(`indices[${k}]: ${i} is not a sample index of a dataset of ${ds.n}`);
    x.set(ds.x.subarray(i * len, (i + 1) * len), k * len);
    y[k] = ds.y[i]!;
    masks?.set(ds.masks!.subarray(i * len, (i + 1) * len), k * len);
    boxes?.push(ds.boxes![i]!);
  }
  return withAnnotations({ x, y, n: m, shape: ds.shape, classes: ds.classes, labels: ds.labels }, masks, boxes);
}

/** Adds the optional fields only when present, so datasets without them have no such keys. */
export function withAnnotations(ds: Dataset, masks?: Float32Array, boxes?: readonly BoundingBox[]): Dataset {
  const out: { -readonly [K in keyof Dataset]: Dataset[K] } = { x: ds.x, y: ds.y, n: ds.n, shape: ds.shape, classes: ds.classes };
  if (ds.labels) out.labels = ds.labels;
  if (masks) out.masks = masks;
  if (boxes) out.boxes = boxes;
  return out;
}

/**
 * How many samples of each class: entry c counts the samples labelled c.
 * @example classCounts(loadMnist({ testFraction: 0 }).train) // Int32Array [1001, 1127, 991, ...]
 */
export function classCounts(ds: Pick<Dataset, 'y' | 'n' | 'classes'>): Int32Array {
  const counts = new Int32Array(ds.classes);
  for (let i = 0; i < ds.n; i++) counts[ds.y[i]!]!++;
  return counts;
}
