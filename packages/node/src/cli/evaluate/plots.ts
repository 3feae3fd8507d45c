/**
 * The pictures of an `axplain evaluate` run, drawn with core's image and bitmap-font helpers and
 * saved with jimp: one box plot per metric (a box per method: quartiles, median, whiskers to the
 * extremes, a dot at the mean) and the mean deletion / insertion curves of every method.
 */
import { join } from 'node:path';
import { type Color, createImage, drawText, quantiles, type RgbaImage, textWidth } from '@axplain/core';
import { savePng } from '../../image/save-png.js';
import type { CurveRow, ResultRow } from './results.js';

const PALETTE: readonly Color[] = [[31, 119, 180], [255, 127, 14], [44, 160, 44], [214, 39, 40], [148, 103, 189], [140, 86, 75], [227, 119, 194], [127, 127, 127], [188, 189, 34], [23, 190, 207]];
const BLACK: Color = [0, 0, 0];
const GREY: Color = [200, 200, 200];
const S = 2; // font scale

function fillRect(img: RgbaImage, x0: number, y0: number, x1: number, y1: number, c: Color): void {
  for (let y = Math.max(0, Math.round(Math.min(y0, y1))); y <= Math.min(img.height - 1, Math.round(Math.max(y0, y1))); y++)
    for (let x = Math.max(0, Math.round(Math.min(x0, x1))); x <= Math.min(img.width - 1, Math.round(Math.max(x0, x1))); x++) {
      const o = 4 * (y * img.width + x);
      img.data[o] = c[0]; img.data[o + 1] = c[1]; img.data[o + 2] = c[2]; img.data[o + 3] = 255;
    }
}

/** A line of `width` pixels from (x0, y0) to (x1, y1). */
function line(img: RgbaImage, x0: number, y0: number, x1: number, y1: number, c: Color, width = 1): void {
  const n = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0)));
  const r = (width - 1) / 2;
  for (let i = 0; i <= n; i++) {
    const x = x0 + ((x1 - x0) * i) / n, y = y0 + ((y1 - y0) * i) / n;
    fillRect(img, x - r, y - r, x + r, y + r, c);
  }
}

const tick = (v: number): string => (v === 0 ? '0' : Math.abs(v) >= 1e4 || Math.abs(v) < 1e-2 ? v.toExponential(1) : Number(v.toPrecision(3)).toString());

/** Axes with `ticks` labelled values on the left; returns the value -> y mapping. */
function yAxis(img: RgbaImage, left: number, top: number, bottom: number, right: number, lo: number, hi: number): (v: number) => number {
  const span = hi > lo ? hi - lo : 1;
  const y = (v: number): number => bottom - ((v - lo) / span) * (bottom - top);
  for (let t = 0; t <= 4; t++) {
    const v = lo + (span * t) / 4;
    line(img, left, y(v), right, y(v), GREY);
    const label = tick(v);
    drawText(img, label, left - 6 - textWidth(label, S), Math.round(y(v)) - 5, BLACK, S);
  }
  line(img, left, top, left, bottom, BLACK);
  line(img, left, bottom, right, bottom, BLACK);
  return y;
}

/** One metric's box plot across methods. */
export function boxPlot(metric: string, better: string, rows: readonly ResultRow[]): RgbaImage {
  const slot = Math.max(70, ...rows.map((r) => textWidth(r.method, S) + 16));
  const left = 90, top = 40, bottom = 230;
  const img = createImage(left + slot * rows.length + 20, 270, [255, 255, 255, 255]);
  const values = rows.map((r) => r.perSample.filter((v): v is number => v !== null));
  const all = values.flat();
  const lo = all.length ? Math.min(...all) : 0, hi = all.length ? Math.max(...all) : 1;
  const pad = hi > lo ? 0.05 * (hi - lo) : Math.max(1e-3, Math.abs(hi) * 0.05);
  drawText(img, `${metric}${better === 'none' ? '' : ` (${better} is better)`}`, left, 10, BLACK, S);
  const y = yAxis(img, left, top, bottom, img.width - 20, lo - pad, hi + pad);
  rows.forEach((r, i) => {
    const cx = left + slot * i + slot / 2;
    const c = PALETTE[i % PALETTE.length]!;
    drawText(img, r.method, Math.round(cx - textWidth(r.method, S) / 2), bottom + 10, BLACK, S);
    const v = values[i]!;
    if (!v.length) { drawText(img, 'n/a', Math.round(cx - textWidth('n/a', S) / 2), Math.round((top + bottom) / 2), BLACK, S); return; }
    const [q0, q1, q2, q3, q4] = quantiles(v, [0, 25, 50, 75, 100]);
    const half = Math.min(22, slot / 3);
    line(img, cx, y(q0!), cx, y(q1!), BLACK); line(img, cx, y(q3!), cx, y(q4!), BLACK);
    line(img, cx - half / 2, y(q0!), cx + half / 2, y(q0!), BLACK); line(img, cx - half / 2, y(q4!), cx + half / 2, y(q4!), BLACK);
    fillRect(img, cx - half, y(q3!), cx + half, y(q1!), c);
    line(img, cx - half, y(q2!), cx + half, y(q2!), BLACK, 2);
    const m = v.reduce((s, a) => s + a, 0) / v.length;
    fillRect(img, cx - 3, y(m) - 3, cx + 3, y(m) + 3, [255, 255, 255]);
    fillRect(img, cx - 2, y(m) - 2, cx + 2, y(m) + 2, BLACK);
  });
  return img;
}

/** The mean curves of one curve metric (deletion or insertion), one line per method. */
export function curvePlot(metric: string, curves: readonly CurveRow[]): RgbaImage {
  const left = 90, top = 40, bottom = 250, right = 380;
  const img = createImage(right + 20 + Math.max(...curves.map((c) => textWidth(c.method, S))) + 30, 290, [255, 255, 255, 255]);
  const all = curves.flatMap((c) => c.mean);
  const lo = Math.min(0, ...all), hi = Math.max(...all, lo + 1e-6);
  drawText(img, `${metric}: mean score vs fraction ${metric === 'deletion' ? 'removed' : 'inserted'}`, left - 60, 10, BLACK, S);
  const y = yAxis(img, left, top, bottom, right, lo, hi);
  const x = (f: number): number => left + f * (right - left);
  for (const f of [0, 0.5, 1]) drawText(img, String(f), Math.round(x(f) - textWidth(String(f), S) / 2), bottom + 8, BLACK, S);
  curves.forEach((c, i) => {
    const col = PALETTE[i % PALETTE.length]!;
    for (let k = 1; k < c.mean.length; k++) line(img, x(c.fractions[k - 1]!), y(c.mean[k - 1]!), x(c.fractions[k]!), y(c.mean[k]!), col, 2);
    fillRect(img, right + 20, top + 16 * i, right + 32, top + 16 * i + 10, col);
    drawText(img, c.method, right + 38, top + 16 * i, BLACK, S);
  });
  return img;
}

/** Writes `box-<metric>.png` for every metric and `curves-<metric>.png` for deletion / insertion; returns the file names. */
export async function writePlots(dir: string, results: readonly ResultRow[], curves: readonly CurveRow[]): Promise<string[]> {
  const files: string[] = [];
  for (const name of [...new Set(results.map((r) => r.metric))]) {
    const rows = results.filter((r) => r.metric === name);
    const file = `box-${name}.png`;
    await savePng(boxPlot(name, rows[0]!.better, rows), join(dir, file));
    files.push(file);
  }
  for (const name of [...new Set(curves.map((c) => c.metric))]) {
    const file = `curves-${name}.png`;
    await savePng(curvePlot(name, curves.filter((c) => c.metric === name)), join(dir, file));
    files.push(file);
  }
  return files;
}
