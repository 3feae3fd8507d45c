/** Test fixtures for the segmenters: flat-colour images with noise and invariant checks. */
import { Rng } from '../rng.js';
import type { Tensor } from '../tensor.js';
import type { Segmentation } from './segmentation.js';

/**
 * A [3, H, W] RGB image in [0, 1] whose pixel (y, x) has colour colours[region(y, x)], plus
 * uniform noise of +-noise per channel; also returns the region map.
 */
export function regionImage(h: number, w: number, region: (y: number, x: number) => number, colours: readonly (readonly number[])[], noise: number, seed: number): { image: Tensor; regions: Int32Array } {
  const rng = new Rng(seed);
  const data = new Float32Array(3 * h * w);
  const regions = new Int32Array(h * w);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const r = region(y, x);
      regions[y * w + x] = r;
      for (let k = 0; k < 3; k++) data[k * h * w + y * w + x] = Math.min(1, Math.max(0, colours[r]![k]! + rng.uniform(-noise, noise)));
    }
  return { image: { data, shape: [3, h, w] }, regions };
}

export const RED = [0.9, 0.1, 0.1], GREEN = [0.1, 0.8, 0.2], BLUE = [0.15, 0.2, 0.9], YELLOW = [0.95, 0.9, 0.1];

/** Quadrant index 0..3 (raster order) of pixel (y, x) of an h x w image. */
export const quadrant = (h: number, w: number) => (y: number, x: number) => (y < h / 2 ? 0 : 2) + (x < w / 2 ? 0 : 1);

/** Number of 4-connected pieces of label `s`. */
export function pieces(seg: Segmentation, s: number): number {
  const { width: w, labels } = seg;
  const seen = new Uint8Array(labels.length);
  let count = 0;
  for (let start = 0; start < labels.length; start++) {
    if (labels[start] !== s || seen[start]) continue;
    count++;
    const stack = [start];
    seen[start] = 1;
    while (stack.length) {
      const p = stack.pop()!;
      for (const q of [p % w > 0 ? p - 1 : -1, p % w < w - 1 ? p + 1 : -1, p - w, p + w])
        if (q >= 0 && q < labels.length && labels[q] === s && !seen[q]) { seen[q] = 1; stack.push(q); }
    }
  }
  return count;
}

/** Every invariant a segmenter promises: labels 0..count-1, sizes exact, each segment one 4-connected piece, raster order of first pixels. */
export function checkInvariants(seg: Segmentation): void {
  const { labels, count, sizes } = seg;
  if (labels.length !== seg.width * seg.height) throw new Error(`labels length ${labels.length}`);
  const counted = new Int32Array(count);
  let next = 0;
  for (const l of labels) {
    if (!(l >= 0 && l < count)) throw new Error(`label ${l} outside 0..${count - 1}`);
    if (l > next) throw new Error(`label ${l} appears before ${next} (not raster order)`);
    if (l === next) next++;
    counted[l]!++;
  }
  for (let s = 0; s < count; s++) {
    if (counted[s] !== sizes[s] || counted[s] === 0) throw new Error(`segment ${s}: ${counted[s]} pixels, sizes says ${sizes[s]}`);
    if (pieces(seg, s) !== 1) throw new Error(`segment ${s} is in ${pieces(seg, s)} pieces`);
  }
}

/** True when every segment lies inside one region (each region is a union of segments). */
export function respectsRegions(seg: Segmentation, regions: Int32Array): boolean {
  const region = new Int32Array(seg.count).fill(-1);
  for (let p = 0; p < regions.length; p++) {
    const s = seg.labels[p]!;
    if (region[s] === -1) region[s] = regions[p]!;
    else if (region[s] !== regions[p]) return false;
  }
  return true;
}
