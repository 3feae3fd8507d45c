/** Ground-truth regions for the localisation metrics: boxes to masks, and the mask check. */
import { checkInteger, ShapeMismatchError, type Tensor } from '@axplain/core';

/** A box in pixels, half-open: columns [x, x + width), rows [y, y + height). */
export interface Box { x: number; y: number; width: number; height: number }

/**
 * Masks [N, height, width] (1 inside) from one box per sample; boxes are clipped to the image.
 * @example boxMasks([{ x: 1, y: 1, width: 2, height: 2 }], 4, 4).data // 1 at (1..2, 1..2), 0 elsewhere
 */
export function boxMasks(boxes: readonly Box[], height: number, width: number): Tensor {
  checkInteger('height', height, { min: 1 });
  checkInteger('width', width, { min: 1 });
  const data = new Float32Array(boxes.length * height * width);
  boxes.forEach((b, s) => {
    for (const k of ['x', 'y', 'width', 'height'] as const) checkInteger(`boxes[${s}].${k}`, b[k], k === 'x' || k === 'y' ? {} : { min: 0 });
    for (let y = Math.max(0, b.y); y < Math.min(height, b.y + b.height); y++)
      for (let x = Math.max(0, b.x); x < Math.min(width, b.x + b.width); x++) data[s * height * width + y * width + x] = 1;
  });
  return { data, shape: [boxes.length, height, width] };
}

/** Checks that `masks` is [n, height, width]. */
export function checkMasks(masks: Tensor, n: number, height: number, width: number, metric: string): void {
  if (masks.shape.join() !== [n, height, width].join() || masks.data.length !== n * height * width)
    throw new ShapeMismatchError(`${metric}: masks`, [n, height, width], masks.shape, 'give one [H, W] mask per sample (1 inside the region), e.g. from boxMasks');
}
