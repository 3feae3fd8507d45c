/**
 * The segmentation type every segment-based explanation (AXAI, LIME-style baselines) takes: one
 * label per pixel of an H x W map (or per feature of a flat input, H = 1), labels 0..count-1.
 * Segmenters here always return connected segments numbered in raster order of their first
 * pixel, so the same input gives the same labels.
 */
import { checkInteger, isInteger } from '../validate.js';
import { labelComponents } from './components.js';

export interface Segmentation {
  /** Segment of every pixel, row-major (`y * width + x`), values 0..count-1. */
  readonly labels: Int32Array;
  /** Number of segments. */
  readonly count: number;
  /** Pixels per segment: `sizes[s]` = #{p : labels[p] = s}, every entry >= 1. */
  readonly sizes: Int32Array;
  readonly width: number;
  readonly height: number;
}

/** Pixels per label of a 0..count-1 label map. */
export function segmentSizes(labels: ArrayLike<number>, count: number): Int32Array {
  const sizes = new Int32Array(count);
  for (let i = 0; i < labels.length; i++) sizes[labels[i]!]!++;
  return sizes;
}

function checkDims(width: number, height: number, length: number, what: string): void {
  checkInteger('width', width, { min: 1 });
  checkInteger('height', height, { min: 1 });
  if (length !== width * height) throw new RangeError(`${what}: has ${length} entries, a ${height} x ${width} map needs ${width * height}`);
}

export interface SegmentationFromLabelsOptions {
  /**
   * Split every label into its 4-connected components (each becomes a segment). When false, a
   * label is one segment even if its pixels are apart (caller-defined groups). @defaultValue false
   */
  connected?: boolean;
}

/**
 * A caller-supplied label map (any non-negative integers, e.g. from an external segmenter) as a
 * {@link Segmentation}: labels renumbered 0..count-1 in raster order of their first pixel.
 * @example
 * const s = segmentationFromLabels(Int32Array.of(7, 7, 3, 7), 2, 2);
 * s.labels; // Int32Array [0, 0, 1, 0]; s.count === 2; s.sizes: [3, 1]
 */
export function segmentationFromLabels(labels: ArrayLike<number>, width: number, height: number, options: SegmentationFromLabelsOptions = {}): Segmentation {
  checkDims(width, height, labels.length, 'labels');
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i]!;
    if (!isInteger(v, { min: 0 })) throw new RangeError(`labels: entry ${i} (x ${i % width}, y ${Math.floor(i / width)}) is ${v}; labels must be integers >= 0`);
  }
  if (options.connected) return labelComponents(labels, width, height);
  const map = new Map<number, number>();
  const out = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    let id = map.get(labels[i]!);
    if (id === undefined) map.set(labels[i]!, (id = map.size));
    out[i] = id;
  }
  return { labels: out, count: map.size, sizes: segmentSizes(out, map.size), width, height };
}

export interface SegmentationFromGroupsOptions {
  /** Height of the map the indices address. @defaultValue 1 (a flat feature vector) */
  height?: number;
}

/**
 * Segments given as groups of feature (or pixel) indices, e.g. one group per token of a text
 * model or per named feature group of a tabular one. Group i becomes segment i. The groups must
 * be disjoint and cover 0..size-1 exactly once (put padding in a group of its own).
 * @example
 * const s = segmentationFromGroups([[0, 1], [2], [3, 4, 5]], 6);
 * s.labels; // Int32Array [0, 0, 1, 2, 2, 2]
 */
export function segmentationFromGroups(groups: readonly (readonly number[])[], size: number, options: SegmentationFromGroupsOptions = {}): Segmentation {
  const height = options.height ?? 1;
  checkInteger('size', size, { min: 1 });
  if (!isInteger(height, { min: 1 }) || size % height !== 0) throw new RangeError(`height: must be an integer >= 1 dividing size ${size}, got ${height}`);
  const labels = new Int32Array(size).fill(-1);
  groups.forEach((g, k) => {
    if (g.length === 0) throw new RangeError(`groups: group ${k} is empty; every segment needs at least one feature`);
    for (const i of g) {
      if (!isInteger(i, { min: 0, max: size - 1 })) throw new RangeError(`groups: group ${k} holds index ${i}, outside 0..${size - 1}`);
      if (labels[i] !== -1) throw new RangeError(`groups: index ${i} is in group ${labels[i]} and group ${k}; groups must be disjoint`);
      labels[i] = k;
    }
  });
  const missing = labels.indexOf(-1);
  if (missing >= 0) throw new RangeError(`groups: index ${missing} is in no group; groups must cover 0..${size - 1} (add a group for the rest)`);
  return { labels, count: groups.length, sizes: segmentSizes(labels, groups.length), width: size / height, height };
}

/**
 * Throws a RangeError naming `name` unless `seg` is a well-formed segmentation of an
 * `height` x `width` map: labels in 0..count-1, sizes matching, no empty segment.
 * @example checkSegmentation(gridSegments(4, 4, { rows: 2, cols: 2 }), 4, 4);
 */
export function checkSegmentation(seg: Segmentation, height: number, width: number, name = 'segmentation'): void {
  if (typeof seg !== 'object' || seg === null || !(seg.labels instanceof Int32Array))
    throw new TypeError(`${name}: expected a Segmentation { labels: Int32Array, count, sizes, width, height }`);
  if (seg.width !== width || seg.height !== height || seg.labels.length !== width * height)
    throw new RangeError(`${name}: is ${seg.height} x ${seg.width} (${seg.labels.length} labels), the input map is ${height} x ${width}`);
  if (!isInteger(seg.count, { min: 1 }) || seg.sizes.length !== seg.count)
    throw new RangeError(`${name}: count ${seg.count} does not match sizes (length ${seg.sizes.length})`);
  const sizes = new Int32Array(seg.count);
  for (let i = 0; i < seg.labels.length; i++) {
    const v = seg.labels[i]!;
    if (v < 0 || v >= seg.count) throw new RangeError(`${name}: label ${v} at index ${i} is outside 0..${seg.count - 1}`);
    sizes[v]!++;
  }
  for (let s = 0; s < seg.count; s++)
    if (sizes[s] !== seg.sizes[s] || sizes[s] === 0) throw new RangeError(`${name}: segment ${s} has ${sizes[s]} pixels but sizes says ${seg.sizes[s]} (segments must be non-empty)`);
}
