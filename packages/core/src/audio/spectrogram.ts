/**
 * Short-time Fourier transform of a mono signal, for pictures: Hann-windowed frames, a direct DFT
 * of the first frame/2 + 1 bins (frames are short, so O(frame^2) per frame is cheap), power
 * |X|^2 per (bin, frame). Float64 accumulation.
 */
import { checkInteger } from '../validate.js';

export interface SpectrogramOptions {
  /** Samples per frame (even). @defaultValue the power of two nearest length / 16, within 16..512 */
  frame?: number;
  /** Samples between frame starts. @defaultValue frame / 4 */
  hop?: number;
}

export interface Spectrogram {
  /** Power, bin-major: power[bin * frames + frame]. */
  readonly power: Float64Array;
  /** Frequency bins, 0 (DC) .. frame/2 (Nyquist). */
  readonly bins: number;
  readonly frames: number;
  readonly frame: number;
  readonly hop: number;
}

/** The default frame length for a signal of `length` samples. */
export function defaultFrame(length: number): number {
  const p = 2 ** Math.round(Math.log2(Math.max(1, length / 16)));
  return Math.min(512, Math.max(16, p));
}

/**
 * Power spectrogram of `samples`. A signal shorter than one frame is zero-padded to one frame.
 * @example spectrogram(samples, { frame: 256 }).power // [129 bins x frames]
 */
export function spectrogram(samples: ArrayLike<number>, options: SpectrogramOptions = {}): Spectrogram {
  const frame = options.frame ?? defaultFrame(samples.length);
  checkInteger('frame', frame, { min: 2 });
  if (frame % 2) throw new RangeError(`frame: expected an even number of samples, got ${frame}`);
  const hop = options.hop ?? Math.max(1, frame / 4);
  checkInteger('hop', hop, { min: 1 });
  if (samples.length === 0) throw new RangeError('samples: the signal is empty');
  const frames = samples.length <= frame ? 1 : Math.floor((samples.length - frame) / hop) + 1;
  const bins = frame / 2 + 1;
  const window = Float64Array.from({ length: frame }, (_, t) => 0.5 - 0.5 * Math.cos((2 * Math.PI * t) / frame));
  const cos = new Float64Array(frame), sin = new Float64Array(frame);
  for (let t = 0; t < frame; t++) { cos[t] = Math.cos((2 * Math.PI * t) / frame); sin[t] = Math.sin((2 * Math.PI * t) / frame); }
  const power = new Float64Array(bins * frames);
  const seg = new Float64Array(frame);
  for (let f = 0; f < frames; f++) {
    for (let t = 0; t < frame; t++) seg[t] = (samples[f * hop + t] ?? 0) * window[t]!;
    for (let k = 0; k < bins; k++) {
      let re = 0, im = 0;
      for (let t = 0; t < frame; t++) {
        const i = (k * t) % frame; // exact angle index keeps high bins accurate
        re += seg[t]! * cos[i]!;
        im -= seg[t]! * sin[i]!;
      }
      power[k * frames + f] = re * re + im * im;
    }
  }
  return { power, bins, frames, frame, hop };
}
