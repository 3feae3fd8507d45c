/**
 * Connected components of label maps (4-connectivity) and the merging of small fragments into
 * their neighbours, shared by every segmenter so all of them return connected segments.
 */
import type { Segmentation } from './segmentation.js';

/**
 * Splits a label map into 4-connected regions of equal label; region k is the k-th found in
 * raster order of its first pixel.
 * @example
 * labelComponents(Int32Array.of(1, 0, 1, 1), 2, 2).labels; // Int32Array [0, 1, 0, 0]
 * labelComponents(Int32Array.of(5, 0, 0, 5), 2, 2).count;  // 4: equal labels that touch only diagonally are apart
 */
export function labelComponents(labels: ArrayLike<number>, width: number, height: number): Segmentation {
  const n = width * height;
  const out = new Int32Array(n).fill(-1);
  const stack = new Int32Array(n);
  const sizes: number[] = [];
  for (let start = 0; start < n; start++) {
    if (out[start] !== -1) continue;
    const id = sizes.length, v = labels[start]!;
    let top = 0, size = 0;
    stack[top++] = start;
    out[start] = id;
    while (top > 0) {
      const p = stack[--top]!;
      size++;
      const x = p % width;
      const visit = (q: number) => {
        if (out[q] === -1 && labels[q] === v) { out[q] = id; stack[top++] = q; }
      };
      if (x > 0) visit(p - 1);
      if (x < width - 1) visit(p + 1);
      if (p >= width) visit(p - width);
      if (p + width < n) visit(p + width);
    }
    sizes.push(size);
  }
  return { labels: out, count: sizes.length, sizes: Int32Array.from(sizes), width, height };
}

/**
 * Merges every connected segment smaller than `minSize` pixels into the neighbouring segment it
 * shares the longest border with (first such neighbour in label order on equal borders),
 * smallest segments first, then renumbers in raster order. Merging adjacent connected regions
 * keeps every segment connected. A segment with no neighbour (the whole image) is kept.
 * @example
 * // a 1-pixel island inside a 3 x 3 block disappears
 * mergeSmallSegments(labelComponents(Int32Array.of(0, 0, 0, 0, 1, 0, 0, 0, 0), 3, 3), 2).count; // 1
 */
export function mergeSmallSegments(seg: Segmentation, minSize: number): Segmentation {
  return mergeSegments(seg, (_, size) => size < minSize);
}

/**
 * Merges every segment `absorb` picks (called with a segment id of `seg` and its size so far)
 * into the neighbouring segment it shares the longest border with, smallest first, then
 * renumbers in raster order; see {@link mergeSmallSegments}.
 */
export function mergeSegments(seg: Segmentation, absorb: (segment: number, size: number) => boolean): Segmentation {
  const { width, height } = seg;
  const n = width * height;
  const parent = Int32Array.from({ length: seg.count }, (_, i) => i);
  const size = Int32Array.from(seg.sizes);
  const find = (a: number): number => {
    while (parent[a] !== a) a = parent[a] = parent[parent[a]!]!;
    return a;
  };
  // pixels of every original segment, so a merge scans only the pixels it concerns
  const start = new Int32Array(seg.count + 1);
  for (let s = 0; s < seg.count; s++) start[s + 1] = start[s]! + seg.sizes[s]!;
  const pixels = new Int32Array(n);
  const fill = start.slice(0, seg.count);
  for (let p = 0; p < n; p++) pixels[fill[seg.labels[p]!]!++] = p;
  const members: number[][] = Array.from({ length: seg.count }, (_, i) => [i]);
  const order = Array.from({ length: seg.count }, (_, i) => i).sort((a, b) => size[a]! - size[b]! || a - b);
  for (const s0 of order) {
    const s = find(s0);
    if (!absorb(s, size[s]!)) continue;
    const border = new Map<number, number>();
    const add = (q: number) => {
      const t = find(seg.labels[q]!);
      if (t !== s) border.set(t, (border.get(t) ?? 0) + 1);
    };
    for (const m of members[s]!)
      for (let k = start[m]!; k < start[m + 1]!; k++) {
        const p = pixels[k]!, x = p % width;
        if (x > 0) add(p - 1);
        if (x < width - 1) add(p + 1);
        if (p >= width) add(p - width);
        if (p + width < n) add(p + width);
      }
    let best = -1, bestLen = 0;
    for (const [t, len] of [...border].sort((a, b) => a[0] - b[0])) if (len > bestLen) { best = t; bestLen = len; }
    if (best < 0) continue;
    parent[s] = best;
    size[best]! += size[s]!;
    members[best]!.push(...members[s]!);
    members[s] = [];
  }
  const merged = Int32Array.from(seg.labels, (l) => find(l));
  return labelComponents(merged, width, height);
}
