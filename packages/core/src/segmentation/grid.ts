/**
 * A fixed rectangular grid of segments: the AXAI paper's time x frequency cells for spectrograms,
 * and, with one-row cells, one segment per token of a [tokens, features] input.
 */
import { checkInteger } from '../validate.js';
import type { Segmentation } from './segmentation.js';

export interface GridSegmentsOptions {
  /** Number of cells along the height axis; cell r spans rows floor(r H / rows) .. floor((r + 1) H / rows) - 1. */
  rows?: number;
  /** Number of cells along the width axis (as `rows`). */
  cols?: number;
  /** Cell height in pixels instead of `rows` (the last row of cells may be shorter). */
  cellHeight?: number;
  /** Cell width in pixels instead of `cols` (the last column of cells may be narrower). */
  cellWidth?: number;
}

/** Start of every cell along one axis, plus `length` at the end. */
function cuts(length: number, count: number | undefined, cell: number | undefined, axis: string): number[] {
  if (count !== undefined && cell !== undefined) throw new RangeError(`${axis}: give the number of cells or the cell size, not both`);
  if (cell !== undefined) {
    checkInteger(axis === 'rows' ? 'cellHeight' : 'cellWidth', cell, { min: 1 });
    const out: number[] = [];
    for (let a = 0; a < length; a += cell) out.push(a);
    return [...out, length];
  }
  const k = checkInteger(axis, count ?? 1, { min: 1, max: length });
  return Array.from({ length: k + 1 }, (_, r) => Math.floor((r * length) / k));
}

/**
 * A `height` x `width` map cut into a grid; cell (r, c) is segment r * cols + c (raster order).
 * For a spectrogram [freq, time], `rows` splits frequency and `cols` time. Unset axes are one
 * cell.
 * @example
 * gridSegments(2, 4, { cols: 2 }).labels; // Int32Array [0, 0, 1, 1, 0, 0, 1, 1]
 * gridSegments(3, 8, { cellHeight: 1 }).count; // 3: one segment per row (token)
 */
export function gridSegments(height: number, width: number, options: GridSegmentsOptions = {}): Segmentation {
  checkInteger('height', height, { min: 1 });
  checkInteger('width', width, { min: 1 });
  const ys = cuts(height, options.rows, options.cellHeight, 'rows');
  const xs = cuts(width, options.cols, options.cellWidth, 'cols');
  const rows = ys.length - 1, cols = xs.length - 1;
  const labels = new Int32Array(height * width);
  const sizes = new Int32Array(rows * cols);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const id = r * cols + c;
      sizes[id] = (ys[r + 1]! - ys[r]!) * (xs[c + 1]! - xs[c]!);
      for (let y = ys[r]!; y < ys[r + 1]!; y++) labels.fill(id, y * width + xs[c]!, y * width + xs[c + 1]!);
    }
  return { labels, count: rows * cols, sizes, width, height };
}
