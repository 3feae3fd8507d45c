/**
 * Lays images out in a grid (input | saliency | IG | ...), with optional titles drawn in the
 * built-in 3x5 font, and reports where each cell went.
 */
import { checkColor, checkImage, createImage, type Color, type RgbaImage } from '../image/rgba-image.js';
import { checkInteger } from '../validate.js';
import { drawText, fitText, FONT, textWidth } from './bitmap-font.js';

export interface GridCell {
  image: RgbaImage;
  /** Drawn centred above the image, cut to the column width. */
  title?: string;
}

export interface GridOptions {
  /** Cells per row. @defaultValue all cells in one row */
  columns?: number;
  /** Gap between cells and around the border, in pixels. @defaultValue 4 */
  padding?: number;
  /** @defaultValue [255, 255, 255] (white) */
  background?: Color;
  /** @defaultValue black on a light background, white on a dark one */
  textColor?: Color;
  /** Font magnification (glyphs are 3x5 pixels). @defaultValue max(1, floor(narrowest column / 64)) */
  fontScale?: number;
}

/** Where a cell landed in the grid image. */
export interface GridCellLayout {
  /** Top-left corner of the cell's image. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** The title as drawn (smaller, or cut with '..', when it does not fit), its top-left corner and font scale. */
  title?: { text: string; x: number; y: number; scale: number };
}

export interface GridImage extends RgbaImage {
  readonly cells: readonly GridCellLayout[];
}

/**
 * Arranges images row by row. Columns are as wide as their widest image and rows as tall as
 * their tallest; smaller images are centred in their slot, and images are composited over the background. When any cell has a title, every row
 * gets a title band of (5 + 2) * fontScale pixels above its images.
 * @example
 * const g = grid([{ image: input, title: 'input' }, { image: heat, title: 'saliency' }], { padding: 2 });
 * g.width // 2 + input.width + 2 + heat.width + 2 (for equal heights)
 */
export function grid(cells: readonly GridCell[], options: GridOptions = {}): GridImage {
  const n = cells.length;
  const { columns = Math.max(1, n), padding = 4 } = options;
  checkInteger('columns', columns, { min: 1 });
  checkInteger('padding', padding, { min: 0 });
  cells.forEach((c, i) => checkImage(c.image, `cells[${i}].image`));
  const bg = checkColor(options.background ?? [255, 255, 255], 'background');
  const rows = Math.ceil(n / columns);
  const colW = new Array<number>(Math.min(columns, Math.max(n, 1))).fill(0), rowH = new Array<number>(rows).fill(0);
  cells.forEach((c, i) => {
    colW[i % columns] = Math.max(colW[i % columns]!, c.image.width);
    rowH[Math.floor(i / columns)] = Math.max(rowH[Math.floor(i / columns)]!, c.image.height);
  });
  const hasTitles = cells.some((c) => c.title);
  const fontScale = options.fontScale ?? Math.max(1, Math.floor(Math.min(...colW, Infinity) / 64));
  checkInteger('fontScale', fontScale, { min: 1 });
  const band = hasTitles ? (FONT.glyphHeight + 2) * fontScale : 0;
  const colX: number[] = [], rowY: number[] = [];
  colW.reduce((x, w) => (colX.push(x), x + w + padding), padding);
  rowH.reduce((y, h) => (rowY.push(y), y + band + h + padding), padding);
  const W = n ? padding + colW.reduce((a, w) => a + w + padding, 0) : 2 * padding;
  const H = n ? padding + rowH.reduce((a, h) => a + band + h + padding, 0) : 2 * padding;
  const out = createImage(W, H, bg);
  const luma = 0.299 * bg[0] + 0.587 * bg[1] + 0.114 * bg[2];
  const text = options.textColor ?? (luma >= 128 ? [0, 0, 0] : [255, 255, 255]);
  const layout = cells.map((c, i): GridCellLayout => {
    const col = i % columns, row = Math.floor(i / columns);
    const { width: w, height: h, data } = c.image;
    const x = colX[col]! + Math.floor((colW[col]! - w) / 2), y = rowY[row]! + band + Math.floor((rowH[row]! - h) / 2);
    // Composited over the background, so a transparent heatmap reads the same in any viewer.
    for (let r = 0; r < h; r++)
      for (let q = 0; q < w; q++) {
        const s = 4 * (r * w + q), o = 4 * ((y + r) * W + x + q), a = data[s + 3]! / 255;
        for (let k = 0; k < 3; k++) out.data[o + k] = bg[k]! + a * (data[s + k]! - bg[k]!);
        out.data[o + 3] = bg[3] + a * (255 - bg[3]);
      }
    const cell: GridCellLayout = { x, y, width: w, height: h };
    if (c.title) {
      const { text: t, scale } = fitTitle(c.title, colW[col]!, fontScale);
      const tx = colX[col]! + Math.floor((colW[col]! - textWidth(t, scale)) / 2);
      const ty = rowY[row]! + Math.floor((band - FONT.glyphHeight * scale) / 2);
      drawText(out, t, tx, ty, text, scale);
      cell.title = { text: t, x: tx, y: ty, scale };
    }
    return cell;
  });
  return { width: W, height: H, data: out.data, cells: layout };
}

/**
 * A title that fits `width`: at `scale` if it can, else at the largest smaller scale that holds it
 * whole, else at scale 1 cut short with '..'.
 * @example fitTitle('AXAI (CLASS 0 (TENCH))', 224, 3) // { text: 'AXAI (CLASS 0 (TENCH))', scale: 2 }
 */
export function fitTitle(title: string, width: number, scale: number): { text: string; scale: number } {
  for (let s = scale; s >= 1; s--) if (textWidth(title, s) <= width) return { text: title, scale: s };
  const cut = fitText(title, width - textWidth('..', 1) - 1, 1);
  return { text: `${cut}..`, scale: 1 };
}
