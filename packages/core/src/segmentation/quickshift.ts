/**
 * QuickShift (Vedaldi & Soatto 2008), the segmenter of the AXAI paper, with scikit-image's
 * parameter semantics: a Parzen density of every pixel in the joint (y, x, ratio * colour)
 * space, each pixel linked to the nearest pixel of higher density within 3 * kernelSize, links
 * longer than maxDist cut; the trees of the forest are the segments.
 */
import type { Tensor } from '../tensor.js';
import { checkNumber, isNumberIn } from '../validate.js';
import { featureImage, type FeatureImageOptions } from './color.js';
import { labelComponents, mergeSegments } from './components.js';
import type { Segmentation } from './segmentation.js';

export interface QuickShiftOptions extends FeatureImageOptions {
  /**
   * Standard deviation (pixels) of the Gaussian density kernel; the search window is
   * ceil(3 * kernelSize) pixels around each pixel. Larger: fewer segments. The AXAI paper uses
   * 4 to 8. @defaultValue 4
   */
  kernelSize?: number;
  /** Links longer than this (joint distance) are cut. Larger: fewer segments. Paper: 10 to 200. @defaultValue 200 */
  maxDist?: number;
  /** Weight of colour against space, in 0..1 (colours are multiplied by it). Paper: 0.1 to 0.2. @defaultValue 0.2 */
  ratio?: number;
  /** Gaussian pre-smoothing (pixels) of the colour features; 0: none. @defaultValue 0 */
  sigma?: number;
  /**
   * Merge the pieces cut off from a tree's largest piece into the neighbour they share the longest
   * border with (true), or keep every 4-connected piece of every tree as its own segment (false:
   * the plain hierarchy, where a larger maxDist only merges segments). @defaultValue true
   */
  mergeCutPieces?: boolean;
}

/**
 * QuickShift superpixels of one image ([C, H, W], [H, W, C] or [H, W]; RGB images are
 * clustered in CIELAB, see {@link FeatureImageOptions}).
 *
 * Differences from scikit-image, both for determinism: density ties are broken by pixel index
 * (of two equal densities the later pixel is "higher"; scikit-image adds seeded noise), so a
 * perfectly flat region drains into one mode instead of fragmenting; and segments are
 * connected: a link may jump up to 3 * kernelSize pixels, so a tree can be disconnected, and the
 * pieces cut off from a tree's largest piece (on photographs: hundreds of 1-4 pixel specks that
 * would outnumber the real segments) are merged into the neighbour they share the longest border
 * with. Segments are numbered in raster order. Cost: O(H W (6 kernelSize + 1)^2 / 2).
 * @example
 * const img = tensor(new Float32Array(3 * 16 * 16).fill(0.5), [3, 16, 16]);
 * quickshift(img, { kernelSize: 2, maxDist: 10 }).count; // 1: a flat image is one segment
 */
export function quickshift(image: Tensor, options: QuickShiftOptions = {}): Segmentation {
  const kernelSize = options.kernelSize ?? 4;
  if (!isNumberIn(kernelSize, { above: 0 })) throw new RangeError(`kernelSize: must be a finite number > 0, got ${kernelSize}`);
  const maxDist = checkNumber('maxDist', options.maxDist ?? 200, { min: 0 });
  const ratio = checkNumber('ratio', options.ratio ?? 0.2, { min: 0 });
  const sigma = checkNumber('sigma', options.sigma ?? 0, { min: 0 });
  const { data, channels: c, height: h, width: w } = featureImage(image, options, sigma, 'after');
  for (let i = 0; i < data.length; i++) data[i]! *= ratio;
  const n = h * w;
  const kw = Math.ceil(3 * kernelSize);
  const inv = -0.5 / (kernelSize * kernelSize);
  const density = new Float64Array(n);
  const closest = new Float64Array(n).fill(Infinity);
  const best = new Int32Array(n);
  for (let p = 0; p < n; p++) best[p] = p;
  if (c === 3) quickshift3(data, h, w, kw, inv, density, closest, best);
  else quickshiftAny(data, c, h, w, kw, inv, density, closest, best);
  const parent = new Int32Array(n);
  for (let p = 0; p < n; p++) parent[p] = Math.sqrt(closest[p]!) <= maxDist ? best[p]! : p;

  // links go strictly up in (density, index), so following them ends at a root
  const root = new Int32Array(n).fill(-1);
  const path: number[] = [];
  for (let p = 0; p < n; p++) {
    let q = p;
    while (root[q] === -1 && parent[q] !== q) { path.push(q); q = parent[q]!; }
    const r = root[q] === -1 ? q : root[q]!;
    root[q] = r;
    for (const s of path) root[s] = r;
    path.length = 0;
  }
  // each tree's largest 4-connected piece is its segment; cut-off pieces join a neighbour
  const pieces = labelComponents(root, w, h);
  if (options.mergeCutPieces === false) return pieces;
  const main = new Map<number, number>();
  for (let p = 0; p < n; p++) {
    const piece = pieces.labels[p]!, tree = root[p]!, best = main.get(tree);
    if (best === undefined || pieces.sizes[piece]! > pieces.sizes[best]!) main.set(tree, piece);
  }
  const stray = new Uint8Array(pieces.count).fill(1);
  for (const piece of main.values()) stray[piece] = 0;
  return mergeSegments(pieces, (piece) => stray[piece] === 1);
}

// The two passes over every pair of pixels within a window. Each pair is visited once (q after p
// in raster order; the window is symmetric) and serves both pixels: half the distances and
// exponentials. Each pixel still takes its density terms in raster order of the other pixel
// (earlier pixels add theirs while they are visited, then its own 1, then the later ones), as a
// per-pixel loop would: the same sums. The squared joint distance adds dy^2, dx^2 and the colour
// terms in that order. Then parent = nearest pixel of higher (density, index) in the window (of
// equally near ones the first in raster order). Written out for 3 channels with p's values in
// locals (the general form below is the same arithmetic): QuickShift is most of AXAI's own time,
// and the two loops stay written out (a shared pair-visiting callback measured slower in V8).

function quickshift3(data: Float64Array, h: number, w: number, kw: number, inv: number,
  density: Float64Array, closest: Float64Array, best: Int32Array): void {
  for (let y = 0; y < h; y++) {
    const y1 = Math.min(h - 1, y + kw);
    for (let x = 0; x < w; x++) {
      const p = y * w + x, xb = Math.min(w - 1, x + kw);
      const a0 = data[p * 3]!, a1 = data[p * 3 + 1]!, a2 = data[p * 3 + 2]!;
      let dens = density[p]! + 1;
      for (let y2 = y; y2 <= y1; y2++) {
        const dy = y - y2, dy2 = dy * dy;
        const xa = y2 === y ? x + 1 : Math.max(0, x - kw);
        for (let x2 = xa, q = y2 * w + xa; x2 <= xb; x2++, q++) {
          const b = q * 3, dx = x - x2;
          const t0 = a0 - data[b]!, t1 = a1 - data[b + 1]!, t2 = a2 - data[b + 2]!;
          const t = Math.exp((dy2 + dx * dx + t0 * t0 + t1 * t1 + t2 * t2) * inv);
          dens += t;
          density[q]! += t;
        }
      }
      density[p] = dens;
    }
  }
  for (let y = 0; y < h; y++) {
    const y1 = Math.min(h - 1, y + kw);
    for (let x = 0; x < w; x++) {
      const p = y * w + x, xb = Math.min(w - 1, x + kw), dp = density[p]!;
      const a0 = data[p * 3]!, a1 = data[p * 3 + 1]!, a2 = data[p * 3 + 2]!;
      let cp = closest[p]!, bp = best[p]!;
      for (let y2 = y; y2 <= y1; y2++) {
        const dy = y - y2, dy2 = dy * dy;
        const xa = y2 === y ? x + 1 : Math.max(0, x - kw);
        for (let x2 = xa, q = y2 * w + xa; x2 <= xb; x2++, q++) {
          const b = q * 3, dx = x - x2;
          const t0 = a0 - data[b]!, t1 = a1 - data[b + 1]!, t2 = a2 - data[b + 2]!;
          const d = dy2 + dx * dx + t0 * t0 + t1 * t1 + t2 * t2;
          // q comes later, so it is the higher of the two unless its density is lower
          if (density[q]! >= dp) {
            if (d < cp) { cp = d; bp = q; }
          } else if (d < closest[q]!) { closest[q] = d; best[q] = p; }
        }
      }
      closest[p] = cp;
      best[p] = bp;
    }
  }
}

function quickshiftAny(data: Float64Array, c: number, h: number, w: number, kw: number, inv: number,
  density: Float64Array, closest: Float64Array, best: Int32Array): void {
  const dist2 = (p: number, q: number, dy: number, dx: number): number => {
    let d = dy * dy + dx * dx;
    for (let k = 0, a = p * c, b = q * c; k < c; k++) {
      const t = data[a + k]! - data[b + k]!;
      d += t * t;
    }
    return d;
  };
  for (let y = 0; y < h; y++) {
    const y1 = Math.min(h - 1, y + kw);
    for (let x = 0; x < w; x++) {
      const p = y * w + x, xb = Math.min(w - 1, x + kw);
      density[p]! += 1;
      for (let y2 = y; y2 <= y1; y2++) {
        const xa = y2 === y ? x + 1 : Math.max(0, x - kw);
        for (let x2 = xa, q = y2 * w + xa; x2 <= xb; x2++, q++) {
          const t = Math.exp(dist2(p, q, y - y2, x - x2) * inv);
          density[p]! += t;
          density[q]! += t;
        }
      }
    }
  }
  for (let y = 0; y < h; y++) {
    const y1 = Math.min(h - 1, y + kw);
    for (let x = 0; x < w; x++) {
      const p = y * w + x, xb = Math.min(w - 1, x + kw), dp = density[p]!;
      for (let y2 = y; y2 <= y1; y2++) {
        const xa = y2 === y ? x + 1 : Math.max(0, x - kw);
        for (let x2 = xa, q = y2 * w + xa; x2 <= xb; x2++, q++) {
          const d = dist2(p, q, y - y2, x - x2);
          if (density[q]! >= dp) {
            if (d < closest[p]!) { closest[p] = d; best[p] = q; }
          } else if (d < closest[q]!) { closest[q] = d; best[q] = p; }
        }
      }
    }
  }
}
