import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxplainError } from '@axplain/core';
import { describe, expect, it } from 'vitest';
import { decodeWav, encodeWav, readWav, WavFormatError } from './wav.js';

const dir = mkdtempSync(join(tmpdir(), 'axplain-wav-'));
const samples = Float32Array.from({ length: 1001 }, (_, t) => 0.8 * Math.sin(t / 7) - 0.1);

// A WAV header with any format fields, by hand (independent of encodeWav).
function header(o: { format?: number; channels?: number; rate?: number; bits?: number; dataBytes: number; extra?: Uint8Array }): Uint8Array {
  const { format = 1, channels = 1, rate = 16000, bits = 16, dataBytes, extra = new Uint8Array(0) } = o;
  const out = new Uint8Array(44 + extra.length + dataBytes);
  const v = new DataView(out.buffer);
  const put = (p: number, s: string) => [...s].forEach((c, i) => { out[p + i] = c.charCodeAt(0); });
  put(0, 'RIFF'); v.setUint32(4, out.length - 8, true); put(8, 'WAVE');
  put(12, 'fmt '); v.setUint32(16, 16, true); v.setUint16(20, format, true); v.setUint16(22, channels, true);
  v.setUint32(24, rate, true); v.setUint32(28, (rate * channels * bits) / 8, true); v.setUint16(32, (channels * bits) / 8, true); v.setUint16(34, bits, true);
  out.set(extra, 36);
  put(36 + extra.length, 'data'); v.setUint32(40 + extra.length, dataBytes, true);
  return out;
}

describe('WAV', () => {
  it('round trip through a file: every sample within half a 16-bit step', () => {
    const path = join(dir, 'clip.wav');
    writeFileSync(path, encodeWav(samples, 22050));
    const back = readWav(path);
    expect(back.sampleRate).toBe(22050);
    expect(back.samples.length).toBe(samples.length);
    let worst = 0;
    for (let i = 0; i < samples.length; i++) worst = Math.max(worst, Math.abs(back.samples[i]! - samples[i]! * (32767 / 32768)));
    expect(worst).toBeLessThanOrEqual(0.5 / 32768 + 1e-7);
  });

  it('reads known int16 values exactly and skips unknown chunks (odd-sized, padded)', () => {
    const list = new Uint8Array([...'LIST'].map((c) => c.charCodeAt(0)).concat([3, 0, 0, 0, 1, 2, 3, 0]));
    const b = header({ dataBytes: 6, extra: list });
    const v = new DataView(b.buffer);
    [-32768, 0, 16384].forEach((s, i) => v.setInt16(44 + list.length + 2 * i, s, true));
    expect(Array.from(decodeWav(b).samples)).toEqual([-1, 0, 0.5]);
  });

  it('refuses other formats with an error naming the file and what it found', () => {
    const cases: [Uint8Array, string][] = [
      [header({ channels: 2, dataBytes: 8 }), 'stereo.wav: found PCM, 2 channels, 16-bit, 16000 Hz'],
      [header({ bits: 24, dataBytes: 6 }), 'deep.wav: found PCM, 1 channel, 24-bit, 16000 Hz'],
      [header({ format: 3, bits: 32, dataBytes: 8 }), 'float.wav: found IEEE float, 1 channel, 32-bit, 16000 Hz'],
      [header({ format: 7, bits: 8, dataBytes: 4 }), 'mulaw.wav: found mu-law, 1 channel, 8-bit'],
      [new TextEncoder().encode('ID3\u0003 an mp3 file really'), 'song.mp3: not a RIFF/WAVE file (starts with "ID3\\u0003"'],
      [header({ dataBytes: 0 }), 'empty.wav: the data chunk holds no samples'],
      [header({ dataBytes: 4 }).subarray(0, 36), "cut.wav: no 'data' chunk"],
    ];
    for (const [bytes, message] of cases) {
      const file = message.split(':')[0]!;
      let error: unknown;
      try { decodeWav(bytes, file); } catch (e) { error = e; }
      expect(error).toBeInstanceOf(WavFormatError);
      expect(AxplainError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain(message);
      expect((error as Error).message).toContain('16-bit PCM mono');
    }
    expect(() => readWav(join(dir, 'missing.wav'))).toThrow('missing.wav: the file does not exist');
  });
});
