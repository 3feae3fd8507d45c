/**
 * A picture of an attribution over a mono waveform: two panels, stacked.
 * - waveform: each pixel column spans the samples it covers, drawn in dark grey from their min to
 *   their max over a background tinted by the attribution summed over those samples (diverging:
 *   red for evidence for the class, blue against, white none; saturating at the 99th percentile
 *   of the column sums), with the same sums as a bar track below the wave;
 * - spectrogram: the input's log power (grey, 80 dB range) with, in heat colours over it, the
 *   attribution's own short-time energy |STFT(attribution)|^2 (its square root, saturating at
 *   the 99th percentile of the cells) — where in time and frequency the attributed samples lie.
 */
import { ShapeMismatchError } from '../errors.js';
import { spectrogram } from '../audio/spectrogram.js';
import { createImage, type RgbaImage } from '../image/rgba-image.js';
import { checkInteger } from '../validate.js';
import { colormapColor } from './colormap.js';
import { grid, type GridImage } from './grid.js';

export interface AudioAttributionOptions {
  /** Picture width in pixels. @defaultValue min(1024, max(256, samples)) */
  width?: number;
  /** Height of each panel. @defaultValue 160 */
  panelHeight?: number;
  /** Samples per second, for the titles. @defaultValue not shown */
  sampleRate?: number;
  /** Text above the picture. @defaultValue none */
  title?: string;
  /** STFT frame length. @defaultValue spectrogram's default */
  frame?: number;
}

/**
 * The waveform and spectrogram panels for `samples` and their `attribution` (one value per sample).
 * @example const picture = audioAttributionPicture(clip, run.attribution.data, { sampleRate: 16000 });
 */
export function audioAttributionPicture(samples: ArrayLike<number>, attribution: ArrayLike<number>, options: AudioAttributionOptions = {}): GridImage {
  if (attribution.length !== samples.length)
    throw new ShapeMismatchError('audio attribution', [samples.length], [attribution.length], 'one attribution value per sample');
  if (samples.length === 0) throw new RangeError('samples: the signal is empty');
  const width = options.width ?? Math.min(1024, Math.max(256, samples.length));
  const height = options.panelHeight ?? 160;
  checkInteger('width', width, { min: 16 });
  checkInteger('panelHeight', height, { min: 16 });
  const seconds = options.sampleRate ? ` over ${(samples.length / options.sampleRate).toFixed(3)} s` : '';
  const cells = [
    { image: waveformPanel(samples, attribution, width, height), title: `${options.title ? `${options.title}: ` : ''}waveform${seconds}, background: attribution per column (red +, blue -)` },
    { image: spectrogramPanel(samples, attribution, width, height, options.frame), title: 'spectrogram (grey: log power) and attribution energy (heat)' },
  ];
  return grid(cells, { columns: 1, fontScale: 2 });
}

/** Column c covers samples [start(c), start(c + 1)). */
const start = (c: number, n: number, w: number): number => Math.floor((c * n) / w);

function waveformPanel(x: ArrayLike<number>, a: ArrayLike<number>, w: number, h: number): RgbaImage {
  const img = createImage(w, h, [255, 255, 255]);
  const n = x.length;
  const sums = new Float64Array(w);
  let amp = 1e-12;
  for (let i = 0; i < n; i++) amp = Math.max(amp, Math.abs(x[i]!));
  for (let c = 0; c < w; c++) {
    const s = start(c, n, w), e = Math.max(s + 1, start(c + 1, n, w));
    for (let i = s; i < e && i < n; i++) sums[c] = sums[c]! + a[i]!;
  }
  // Colours saturate at the 99th percentile of |column sum|, so one loud column does not wash out the rest.
  const sorted = Float64Array.from(sums, Math.abs).sort();
  const scale = Math.max(1e-30, sorted[Math.min(w - 1, Math.floor(0.99 * w))]!);
  const waveH = Math.round(h * 0.7), mid = Math.round(waveH / 2), track = h - waveH - 4, trackMid = waveH + 4 + Math.round(track / 2);
  for (let c = 0; c < w; c++) {
    const s = start(c, n, w), e = Math.max(s + 1, start(c + 1, n, w));
    let lo = Infinity, hi = -Infinity;
    for (let i = s; i < e && i < n; i++) { lo = Math.min(lo, x[i]!); hi = Math.max(hi, x[i]!); }
    const t = Math.max(-1, Math.min(1, sums[c]! / scale));
    const tint = colormapColor('blue-white-red', 0.5 + 0.5 * t);
    for (let y = 0; y < waveH; y++) put(img, c, y, tint); // the column's attribution as its background
    const y0 = Math.round(mid - (hi / amp) * (mid - 2)), y1 = Math.round(mid - (lo / amp) * (mid - 2));
    for (let y = Math.max(0, y0); y <= Math.min(waveH - 1, y1); y++) put(img, c, y, [40, 40, 40]);
    const bar = Math.round(t * (track / 2));
    for (let y = Math.min(trackMid, trackMid - bar); y <= Math.max(trackMid, trackMid - bar); y++) put(img, c, y, colormapColor('blue-white-red', 0.5 + 0.5 * t));
    put(img, c, trackMid, [120, 120, 120]);
  }
  return img;
}

function spectrogramPanel(x: ArrayLike<number>, a: ArrayLike<number>, w: number, h: number, frame?: number): RgbaImage {
  const sx = spectrogram(x, frame ? { frame } : {});
  const sa = spectrogram(a, { frame: sx.frame, hop: sx.hop });
  const { bins, frames } = sx;
  const db = Float64Array.from(sx.power, (p) => 10 * Math.log10(p + 1e-20));
  const top = Math.max(...db);
  // Heat saturates at the 99th percentile of the cells' attribution energy.
  const sorted = Float64Array.from(sa.power).sort();
  const energyPeak = Math.max(1e-30, sorted[Math.min(sorted.length - 1, Math.floor(0.99 * sorted.length))]!);
  const img = createImage(w, h, [0, 0, 0]);
  for (let py = 0; py < h; py++) {
    const bin = Math.min(bins - 1, Math.floor(((h - 1 - py) * bins) / h)); // low frequencies at the bottom
    for (let px = 0; px < w; px++) {
      const f = Math.min(frames - 1, Math.floor((px * frames) / w));
      const k = bin * frames + f;
      const grey = 255 * Math.min(1, Math.max(0, (db[k]! - top + 80) / 80));
      const t = Math.min(1, Math.sqrt(sa.power[k]! / energyPeak));
      const [r, g, b] = colormapColor('heat', t);
      const alpha = Math.min(1, 1.5 * t);
      put(img, px, py, [grey * (1 - alpha) + r * alpha, grey * (1 - alpha) + g * alpha, grey * (1 - alpha) + b * alpha]);
    }
  }
  return img;
}

function put(img: RgbaImage, x: number, y: number, c: readonly number[]): void {
  const o = 4 * (y * img.width + x);
  img.data[o] = c[0]!; img.data[o + 1] = c[1]!; img.data[o + 2] = c[2]!; img.data[o + 3] = 255;
}
