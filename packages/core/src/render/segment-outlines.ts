/**
 * Segments drawn so they can be seen on a photograph: chosen segments tinted and outlined, each
 * numbered by its rank (AXAI's top-K), over the input in grey.
 */
import { checkImage, createImage, toGrey, type RgbaImage } from '../image/rgba-image.js';
import { resizeImage } from '../image/resize.js';
import { ShapeMismatchError } from '../errors.js';
import { checkInteger } from '../validate.js';
import { drawText, FONT, textWidth } from './bitmap-font.js';

export interface SegmentOutlineOptions {
  /** The input as the model saw it, `width` x `height` (e.g. `modelView(image, spec)`). */
  image: RgbaImage;
  /** Segment id of every pixel, row-major, `image.width * image.height` long. */
  labels: ArrayLike<number>;
  /** The segments to show, best first: the first gets rank 1. */
  selected: readonly number[];
  /** Magnify so the shorter side is at least this (0: model size). @defaultValue 224 */
  minSize?: number;
  /** Outline colour. @defaultValue [255, 40, 40] */
  color?: [number, number, number];
  /** Rank numbers are drawn on the first this many segments only (the rest are outlined). @defaultValue 9 */
  maxLabels?: number;
}

/**
 * The input in grey, every selected segment tinted and outlined, with its rank at the pixel
 * deepest inside it.
 * @example const img = segmentOutlines({ image: modelView(photo, spec), labels: seg.labels, selected: [4, 9, 1] });
 */
export function segmentOutlines(options: SegmentOutlineOptions): RgbaImage {
  const { image, labels, selected, minSize = 224, color = [255, 40, 40], maxLabels = 9 } = options;
  checkImage(image, 'image');
  checkInteger('minSize', minSize, { min: 0 });
  const w = image.width, h = image.height;
  if (labels.length !== w * h) throw new ShapeMismatchError('segmentOutlines: labels', [w * h], [labels.length], 'Give one segment id per pixel of the image');
  const k = minSize > 0 ? Math.max(1, Math.ceil(minSize / Math.min(w, h))) : 1;
  const W = w * k, H = h * k;
  const out = toGrey(resizeImage(image, W, H, { method: 'nearest' }));
  const rank = new Map<number, number>(selected.map((s, i) => [s, i + 1]));
  const at = (X: number, Y: number) => labels[Math.floor(Y / k) * w + Math.floor(X / k)]!;
  const thick = Math.max(1, Math.round(k / 4));
  const d = out.data;
  for (let Y = 0; Y < H; Y++)
    for (let X = 0; X < W; X++) {
      const s = at(X, Y);
      if (!rank.has(s)) continue;
      const o = (Y * W + X) * 4;
      // Tint: blend towards the outline colour.
      for (let c = 0; c < 3; c++) d[o + c] = Math.round(0.65 * d[o + c]! + 0.35 * color[c]!);
      let edge = false;
      for (let dy = -thick; dy <= thick && !edge; dy++)
        for (let dx = -thick; dx <= thick && !edge; dx++) {
          const x2 = X + dx, y2 = Y + dy;
          edge = x2 < 0 || y2 < 0 || x2 >= W || y2 >= H || at(x2, y2) !== s;
        }
      if (edge) d.set([color[0], color[1], color[2], 255], o);
    }
  const scale = Math.max(1, Math.floor(Math.min(W, H) / 112));
  for (const [s, r] of rank) {
    if (r > maxLabels) continue;
    const p = deepestPixel(labels, w, h, s);
    if (!p) continue;
    const text = String(r), tw = textWidth(text, scale), th = FONT.glyphHeight * scale;
    const x0 = Math.min(Math.max(0, Math.round((p.x + 0.5) * k - tw / 2) - scale), W - tw - 2 * scale);
    const y0 = Math.min(Math.max(0, Math.round((p.y + 0.5) * k - th / 2) - scale), H - th - 2 * scale);
    const box = createImage(tw + 2 * scale, th + 2 * scale, [255, 255, 255, 255]);
    drawText(box, text, scale, scale, [0, 0, 0], scale);
    for (let y = 0; y < box.height; y++) d.set(box.data.subarray(y * box.width * 4, (y + 1) * box.width * 4), ((y0 + y) * W + x0) * 4);
  }
  return out;
}

/** The pixel of segment `s` farthest (in city-block steps) from any other segment; undefined when `s` is empty. */
function deepestPixel(labels: ArrayLike<number>, w: number, h: number, s: number): { x: number; y: number } | undefined {
  const dist = new Int32Array(w * h).fill(-1);
  const queue: number[] = [];
  for (let i = 0; i < w * h; i++) {
    if (labels[i] !== s) continue;
    const x = i % w, y = (i - x) / w;
    const border = x === 0 || y === 0 || x === w - 1 || y === h - 1 || labels[i - 1] !== s || labels[i + 1] !== s || labels[i - w] !== s || labels[i + w] !== s;
    if (border) { dist[i] = 0; queue.push(i); }
  }
  let best = queue[0];
  for (let q = 0; q < queue.length; q++) {
    const i = queue[q]!, x = i % w;
    if (dist[i]! > dist[best!]!) best = i;
    for (const j of [x > 0 ? i - 1 : -1, x < w - 1 ? i + 1 : -1, i - w, i + w])
      if (j >= 0 && j < w * h && labels[j] === s && dist[j] === -1) { dist[j] = dist[i]! + 1; queue.push(j); }
  }
  return best === undefined ? undefined : { x: best % w, y: Math.floor(best / w) };
}
