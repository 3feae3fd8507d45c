/**
 * WAV files: RIFF/WAVE with a 'fmt ' chunk of PCM (format 1, or WAVE_FORMAT_EXTENSIBLE whose
 * sub-format is PCM), one channel, 16 bits per sample. Anything else is refused with an error
 * naming the file and what it holds. Samples come back as float32 in [-1, 1) (int16 / 32768).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { AxplainError } from '@axplain/core';

/** A WAV file axplain cannot read: not RIFF/WAVE, truncated, or not 16-bit PCM mono. */
export class WavFormatError extends AxplainError {
  constructor(readonly file: string, problem: string) {
    super(`${file}: ${problem}; axplain reads 16-bit PCM mono WAV (convert with e.g. 'ffmpeg -i IN -ac 1 -c:a pcm_s16le OUT.wav')`, 'WAV_FORMAT');
  }
}

export interface WavAudio {
  sampleRate: number;
  /** Samples in [-1, 1). */
  samples: Float32Array;
}

const FORMATS: Record<number, string> = { 1: 'PCM', 3: 'IEEE float', 6: 'A-law', 7: 'mu-law', 0x11: 'IMA ADPCM', 0x55: 'MP3', 0xfffe: 'extensible' };

/**
 * Decodes the bytes of a WAV file. `file` names it in errors.
 * @example const { sampleRate, samples } = decodeWav(readFileSync('clip.wav'), 'clip.wav');
 */
export function decodeWav(bytes: Uint8Array, file = 'WAV bytes'): WavAudio {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (o: number) => String.fromCharCode(...bytes.subarray(o, o + 4));
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE')
    throw new WavFormatError(file, `not a RIFF/WAVE file (starts with ${JSON.stringify(tag(0))}${bytes.length >= 12 ? `, form ${JSON.stringify(tag(8))}` : `, only ${bytes.length} bytes`})`);
  let fmt: { format: number; channels: number; rate: number; bits: number } | undefined;
  for (let o = 12; o + 8 <= bytes.length;) {
    const id = tag(o), size = v.getUint32(o + 4, true), body = o + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + size > bytes.length) throw new WavFormatError(file, `the 'fmt ' chunk is truncated (${size} bytes)`);
      let format = v.getUint16(body, true);
      if (format === 0xfffe && size >= 26) format = v.getUint16(body + 24, true); // extensible: the sub-format GUID's first two bytes
      fmt = { format, channels: v.getUint16(body + 2, true), rate: v.getUint32(body + 4, true), bits: v.getUint16(body + 14, true) };
    } else if (id === 'data') {
      if (!fmt) throw new WavFormatError(file, "the 'data' chunk comes before any 'fmt ' chunk");
      const found = `${FORMATS[fmt.format] ?? `format ${fmt.format}`}, ${fmt.channels} channel${fmt.channels === 1 ? '' : 's'}, ${fmt.bits}-bit, ${fmt.rate} Hz`;
      if (fmt.format !== 1 || fmt.bits !== 16 || fmt.channels !== 1) throw new WavFormatError(file, `found ${found}`);
      if (fmt.rate === 0) throw new WavFormatError(file, 'the sample rate is 0');
      const end = Math.min(bytes.length, body + size);
      const n = Math.floor((end - body) / 2);
      if (n === 0) throw new WavFormatError(file, 'the data chunk holds no samples');
      const samples = new Float32Array(n);
      for (let i = 0; i < n; i++) samples[i] = v.getInt16(body + 2 * i, true) / 32768;
      return { sampleRate: fmt.rate, samples };
    }
    o = body + size + (size % 2); // chunks are padded to even sizes
  }
  throw new WavFormatError(file, fmt ? "no 'data' chunk" : "no 'fmt ' chunk");
}

/** Reads a 16-bit PCM mono WAV file. */
export function readWav(path: string): WavAudio {
  if (!existsSync(path)) throw new WavFormatError(path, 'the file does not exist');
  if (statSync(path).isDirectory()) throw new WavFormatError(path, 'is a directory');
  return decodeWav(readFileSync(path), path);
}

/**
 * 16-bit PCM mono WAV bytes of `samples` (clipped to [-1, 1], rounded to the nearest step).
 * @example writeFileSync('clip.wav', encodeWav(samples, 16000));
 */
export function encodeWav(samples: ArrayLike<number>, sampleRate: number): Uint8Array {
  if (!Number.isInteger(sampleRate) || sampleRate < 1) throw new RangeError(`sampleRate: expected a whole number >= 1, got ${sampleRate}`);
  const bytes = new Uint8Array(44 + 2 * samples.length);
  const v = new DataView(bytes.buffer);
  const put = (o: number, s: string) => { for (let i = 0; i < 4; i++) bytes[o + i] = s.charCodeAt(i); };
  put(0, 'RIFF'); v.setUint32(4, 36 + 2 * samples.length, true); put(8, 'WAVE');
  put(12, 'fmt '); v.setUint32(16, 16, true); v.setUint16(20, 1, true); v.setUint16(22, 1, true);
  v.setUint32(24, sampleRate, true); v.setUint32(28, 2 * sampleRate, true); v.setUint16(32, 2, true); v.setUint16(34, 16, true);
  put(36, 'data'); v.setUint32(40, 2 * samples.length, true);
  for (let i = 0; i < samples.length; i++) v.setInt16(44 + 2 * i, Math.round(Math.max(-1, Math.min(1, samples[i]!)) * 32767), true);
  return bytes;
}
