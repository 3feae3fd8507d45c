/**
 * A localisation set with ground truth for the boundary-box metrics: each MNIST digit pasted at a
 * uniformly random position on a larger black canvas, with clutter around it, and the box of the
 * digit recorded.
 *
 * - The box is the TIGHT box of the pasted digit's nonzero pixels (not the 28x28 paste square,
 *   whose blank margin would count as "inside" for Localization / Energy Game), half-open:
 *   columns x0..x1-1, rows y0..y1-1.
 * - Clutter never touches the box grown by `margin` pixels: `fragments` square crops (side in
 *   `fragmentSize`) of OTHER digits of the same set, and `strokes` straight pen strokes of random
 *   direction, length and intensity; a piece whose square/bounding rectangle would meet the grown
 *   box is redrawn elsewhere (up to 50 tries, then dropped). Pieces combine by max, so pixels
 *   stay in [0, 1] and the box holds exactly the digit's pixels.
 * - Canvas i shows digit i of the source set and takes its label; clutter comes only from that set
 *   (train canvases never show test digits).
 */
import { type BoundingBox, checkInteger, checkSeed, type Dataset, type DatasetSplit, deriveSeed, randInt, Rng, splitDataset, withAnnotations } from '@axplain/core';
import { readMnist } from './mnist.js';
import type { NpmDatasetOptions } from './npm-images.js';

export interface LocalisationCanvasOptions {
  /** Side of the square canvas, at least the digit's side. @defaultValue 64 */
  size?: number;
  /** Crops of other digits per canvas. @defaultValue 3 */
  fragments?: number;
  /** Smallest and largest side of a fragment crop (at most the digit's side). @defaultValue [8, 14] */
  fragmentSize?: readonly [number, number];
  /** Pen strokes per canvas. @defaultValue 2 */
  strokes?: number;
  /** Pixels of blank border kept between the box and any clutter. @defaultValue 2 */
  margin?: number;
  /** Seed of positions and clutter. @defaultValue 0 */
  seed?: number;
}

const TRIES = 50;

interface Rect { x0: number; y0: number; x1: number; y1: number }
const disjoint = (a: Rect, b: Rect): boolean => a.x1 <= b.x0 || b.x1 <= a.x0 || a.y1 <= b.y0 || b.y1 <= a.y0;

/**
 * The tight box of the pixels > 0 of one h x w image, or undefined when it is blank.
 * @example tightBox(new Float32Array([0, 0, 0, 1]), 2, 2) // { x0: 1, y0: 1, x1: 2, y1: 2 }
 */
export function tightBox(img: ArrayLike<number>, h: number, w: number): BoundingBox | undefined {
  let x0 = w, y0 = h, x1 = 0, y1 = 0;
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      if (img[r * w + c]! > 0) {
        if (c < x0) x0 = c;
        if (c >= x1) x1 = c + 1;
        if (r < y0) y0 = r;
        if (r >= y1) y1 = r + 1;
      }
    }
  }
  return x1 > 0 ? { x0, y0, x1, y1 } : undefined;
}

function checkCount(v: number, name: string, min = 0): number {
  return checkInteger(name, v, { min });
}

/**
 * One canvas per sample of `digits` (a grey [N, 1, h, w] set such as MNIST), with clutter and
 * `boxes` = the tight box of each pasted digit. Labels and class names are the digits'.
 * @example
 * const canvas = makeLocalisationCanvas(loadMnist().test, { size: 56, seed: 1 });
 * canvas.shape; // [1, 56, 56]; canvas.boxes![0] lies inside [0, 56) x [0, 56)
 */
export function makeLocalisationCanvas(digits: Dataset, options: LocalisationCanvasOptions = {}): Dataset {
  const [C, h, w] = digits.shape;
  if (C !== 1) throw new RangeError(`digits.shape: needs grey images [1, h, w], got [${digits.shape.join(', ')}]`);
  const S = checkCount(options.size ?? 64, 'size', Math.max(h, w));
  const nFrag = checkCount(options.fragments ?? 3, 'fragments');
  const [fMin, fMax] = options.fragmentSize ?? [8, 14];
  if (!Number.isInteger(fMin) || !Number.isInteger(fMax) || fMin < 1 || fMax < fMin || fMax > Math.min(h, w)) {
    throw new RangeError(`fragmentSize: needs integers 1 <= min <= max <= ${Math.min(h, w)}, got [${fMin}, ${fMax}]`);
  }
  const nStroke = checkCount(options.strokes ?? 2, 'strokes');
  const margin = checkCount(options.margin ?? 2, 'margin');
  const rng = new Rng(deriveSeed(checkSeed(options.seed ?? 0), 21));
  const src = digits.x;
  const dLen = h * w;
  const boxes: BoundingBox[] = [];
  const x = new Float32Array(digits.n * S * S);
  const inkBoxes = Array.from({ length: digits.n }, (_, i) => tightBox(src.subarray(i * dLen, (i + 1) * dLen), h, w));
  for (let i = 0; i < digits.n; i++) {
    const ink = inkBoxes[i];
    if (!ink) throw new RangeError(`digits: sample ${i} is blank (no pixel > 0), so it has no box`);
    const canvas = x.subarray(i * S * S, (i + 1) * S * S);
    const ox = randInt(rng, S - w + 1);
    const oy = randInt(rng, S - h + 1);
    for (let r = 0; r < h; r++) canvas.set(src.subarray(i * dLen + r * w, i * dLen + (r + 1) * w), (oy + r) * S + ox);
    const box = { x0: ox + ink.x0, y0: oy + ink.y0, x1: ox + ink.x1, y1: oy + ink.y1 };
    boxes.push(box);
    const keepOut = { x0: box.x0 - margin, y0: box.y0 - margin, x1: box.x1 + margin, y1: box.y1 + margin };
    for (let f = 0; f < nFrag && digits.n > 1; f++) {
      for (let t = 0; t < TRIES; t++) {
        const s = fMin + randInt(rng, fMax - fMin + 1);
        const px = randInt(rng, S - s + 1);
        const py = randInt(rng, S - s + 1);
        let j = randInt(rng, digits.n - 1);
        if (j >= i) j++;
        if (!disjoint({ x0: px, y0: py, x1: px + s, y1: py + s }, keepOut)) continue;
        // Crop around the other digit's ink so the fragment is rarely blank.
        const jb = inkBoxes[j] ?? { x0: 0, y0: 0, x1: w, y1: h };
        const cx = Math.min(w - s, jb.x0 + randInt(rng, Math.max(1, jb.x1 - jb.x0 - s + 1)));
        const cy = Math.min(h - s, jb.y0 + randInt(rng, Math.max(1, jb.y1 - jb.y0 - s + 1)));
        for (let r = 0; r < s; r++) {
          for (let c = 0; c < s; c++) {
            const v = src[j * dLen + (cy + r) * w + cx + c]!;
            const k = (py + r) * S + px + c;
            if (v > canvas[k]!) canvas[k] = v;
          }
        }
        break;
      }
    }
    for (let k = 0; k < nStroke; k++) {
      for (let t = 0; t < TRIES; t++) {
        const len = 6 + 10 * rng.next();
        const angle = 2 * Math.PI * rng.next();
        const ax = rng.next() * S;
        const ay = rng.next() * S;
        const bx = Math.min(S - 1e-6, Math.max(0, ax + len * Math.cos(angle)));
        const by = Math.min(S - 1e-6, Math.max(0, ay + len * Math.sin(angle)));
        const v = 0.4 + 0.6 * rng.next();
        const rect = {
          x0: Math.floor(Math.min(ax, bx)), y0: Math.floor(Math.min(ay, by)),
          x1: Math.floor(Math.max(ax, bx)) + 1, y1: Math.floor(Math.max(ay, by)) + 1,
        };
        if (!disjoint(rect, keepOut)) continue;
        const steps = Math.ceil(2 * Math.hypot(bx - ax, by - ay)) + 1;
        for (let q = 0; q <= steps; q++) {
          const p = Math.floor(ay + ((by - ay) * q) / steps) * S + Math.floor(ax + ((bx - ax) * q) / steps);
          if (v > canvas[p]!) canvas[p] = v;
        }
        break;
      }
    }
  }
  return withAnnotations({ x, y: digits.y.slice(), n: digits.n, shape: [1, S, S], classes: digits.classes, labels: digits.labels }, undefined, boxes);
}

/**
 * The localisation canvas over the `mnist` package's digits: the seeded MNIST split of
 * `loadMnist`, then one canvas per digit in each set (10,000 canvases of 64x64 by default,
 * about 164 MB of float32; `limitPerClass` for fewer). Train and test use different clutter
 * streams derived from `seed`.
 * @example
 * const { train, test } = loadLocalisationCanvas({ seed: 0, size: 56, limitPerClass: 100 });
 * test.boxes![0]; // { x0, y0, x1, y1 }: the digit's tight box on the 56x56 canvas
 */
export function loadLocalisationCanvas(options: NpmDatasetOptions & LocalisationCanvasOptions = {}): DatasetSplit {
  const seed = checkSeed(options.seed ?? 0);
  const { train, test } = splitDataset(readMnist(options), options);
  return {
    train: makeLocalisationCanvas(train, { ...options, seed: deriveSeed(seed, 31) }),
    test: makeLocalisationCanvas(test, { ...options, seed: deriveSeed(seed, 32) }),
  };
}
