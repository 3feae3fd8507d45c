/**
 * SLIC superpixels (Achanta et al. 2012): k-means in (colour, y, x) restricted to a window around
 * each centre, with scikit-image's parameter names. The distance is
 * D = |c_p - c_k|^2 + (compactness / S)^2 |xy_p - xy_k|^2, S the grid step, colours in CIELAB
 * for RGB images.
 */
import type { Tensor } from '../tensor.js';
import { checkInteger, checkNumber } from '../validate.js';
import { featureImage, type FeatureImageOptions } from './color.js';
import { labelComponents, mergeSmallSegments } from './components.js';
import type { Segmentation } from './segmentation.js';

export interface SlicOptions extends FeatureImageOptions {
  /** Approximate number of segments (the initial grid has rows x cols ~ nSegments centres). @defaultValue 100 */
  nSegments?: number;
  /** Weight of space against colour: larger gives squarer segments. @defaultValue 10 */
  compactness?: number;
  /** k-means iterations (stops earlier when no pixel changes segment). @defaultValue 10 */
  maxIterations?: number;
  /** Gaussian pre-smoothing (pixels) of the image before the colour conversion; 0: none. @defaultValue 0 */
  sigma?: number;
  /**
   * Merge connected fragments smaller than `minSizeFactor` x (H W / centres) pixels into the
   * neighbour they share the longest border with. Segments are connected either way; without
   * merging every fragment is a segment of its own. @defaultValue true
   */
  enforceConnectivity?: boolean;
  /** See `enforceConnectivity`. @defaultValue 0.5 */
  minSizeFactor?: number;
}

/**
 * The initial centre grid: rows x cols centres at the middle of equal cells, rows =
 * round(sqrt(n H / W)) (at least 1, at most H), cols = round(n / rows) (at least 1, at most W).
 * @example slicGrid(32, 32, 4) // { rows: 2, cols: 2 }
 */
export function slicGrid(height: number, width: number, nSegments: number): { rows: number; cols: number } {
  const rows = Math.min(height, Math.max(1, Math.round(Math.sqrt((nSegments * height) / width))));
  const cols = Math.min(width, Math.max(1, Math.round(nSegments / rows)));
  return { rows, cols };
}

/**
 * SLIC superpixels of one image ([C, H, W], [H, W, C] or [H, W]). Deterministic: centres start
 * on a regular grid (no gradient perturbation), distance ties go to the lower centre index, each
 * centre searches a +-2S window, and pixels no window reached take the nearest centre. The
 * result is connected and numbered in raster order.
 * @example
 * // left half black, right half white
 * const img = tensor(Float32Array.from({ length: 3 * 8 * 8 }, (_, i) => (i % 8 < 4 ? 0 : 1)), [3, 8, 8]);
 * slic(img, { nSegments: 2 }).count; // 2: the two halves
 */
export function slic(image: Tensor, options: SlicOptions = {}): Segmentation {
  const nSegments = checkInteger('nSegments', options.nSegments ?? 100, { min: 1 });
  const compactness = checkNumber('compactness', options.compactness ?? 10, { min: 0 });
  const maxIterations = checkInteger('maxIterations', options.maxIterations ?? 10, { min: 0 });
  const sigma = checkNumber('sigma', options.sigma ?? 0, { min: 0 });
  const minSizeFactor = checkNumber('minSizeFactor', options.minSizeFactor ?? 0.5, { min: 0 });
  const { data, channels: c, height: h, width: w } = featureImage(image, options, sigma, 'before');
  const n = h * w;
  const { rows, cols } = slicGrid(h, w, nSegments);
  const k = rows * cols;
  const step = Math.sqrt(n / k);
  const wSpace = (compactness / step) ** 2;
  const radius = Math.ceil(2 * step);
  // centre k: [y, x, colour...], pixel (y, x) sits at (y + 0.5, x + 0.5)
  const dim = 2 + c;
  const centres = new Float64Array(k * dim);
  for (let r = 0; r < rows; r++)
    for (let q = 0; q < cols; q++) {
      const o = (r * cols + q) * dim;
      const cy = ((r + 0.5) * h) / rows, cx = ((q + 0.5) * w) / cols;
      const p = Math.min(h - 1, Math.floor(cy)) * w + Math.min(w - 1, Math.floor(cx));
      centres[o] = cy; centres[o + 1] = cx;
      for (let j = 0; j < c; j++) centres[o + 2 + j] = data[p * c + j]!;
    }
  const dist = (p: number, y: number, x: number, o: number) => {
    let d = 0;
    for (let j = 0; j < c; j++) { const t = data[p * c + j]! - centres[o + 2 + j]!; d += t * t; }
    const dy = y - centres[o]!, dx = x - centres[o + 1]!;
    return d + wSpace * (dy * dy + dx * dx);
  };
  const labels = new Int32Array(n).fill(-1);
  const best = new Float64Array(n);
  for (let it = 0; it <= maxIterations; it++) {
    best.fill(Infinity);
    const previous = labels.slice();
    for (let s = 0; s < k; s++) {
      const o = s * dim;
      const y0 = Math.max(0, Math.floor(centres[o]! - radius)), y1 = Math.min(h - 1, Math.ceil(centres[o]! + radius));
      const x0 = Math.max(0, Math.floor(centres[o + 1]! - radius)), x1 = Math.min(w - 1, Math.ceil(centres[o + 1]! + radius));
      for (let y = y0; y <= y1; y++)
        for (let x = x0; x <= x1; x++) {
          const p = y * w + x, d = dist(p, y + 0.5, x + 0.5, o);
          if (d < best[p]!) { best[p] = d; labels[p] = s; }
        }
    }
    for (let p = 0; p < n; p++) {
      if (best[p] !== Infinity) continue;
      let arg = 0, min = Infinity;
      for (let s = 0; s < k; s++) { const d = dist(p, Math.floor(p / w) + 0.5, (p % w) + 0.5, s * dim); if (d < min) { min = d; arg = s; } }
      labels[p] = arg;
    }
    if (it === maxIterations || labels.every((l, p) => l === previous[p])) break;
    // centres move to the mean of their pixels (empty clusters stay put)
    const sums = new Float64Array(k * dim), counts = new Int32Array(k);
    for (let p = 0; p < n; p++) {
      const o = labels[p]! * dim;
      counts[labels[p]!]!++;
      sums[o]! += Math.floor(p / w) + 0.5; sums[o + 1]! += (p % w) + 0.5;
      for (let j = 0; j < c; j++) sums[o + 2 + j]! += data[p * c + j]!;
    }
    for (let s = 0; s < k; s++) if (counts[s]! > 0) for (let j = 0; j < dim; j++) centres[s * dim + j] = sums[s * dim + j]! / counts[s]!;
  }
  const pieces = labelComponents(labels, w, h);
  return options.enforceConnectivity ?? true ? mergeSmallSegments(pieces, minSizeFactor * (n / k)) : pieces;
}
