import { describe, expect, it } from 'vitest';
import { defaultFrame, spectrogram } from './spectrogram.js';

describe('spectrogram', () => {
  it('a sine at bin k puts its power in bin k of every frame', () => {
    const frame = 64, k = 10;
    const x = Float64Array.from({ length: 640 }, (_, t) => Math.sin((2 * Math.PI * k * t) / frame));
    const s = spectrogram(x, { frame, hop: 16 });
    expect([s.bins, s.frames]).toEqual([33, 37]);
    for (let f = 0; f < s.frames; f++) {
      let best = 0;
      for (let b = 1; b < s.bins; b++) if (s.power[b * s.frames + f]! > s.power[best * s.frames + f]!) best = b;
      expect(best).toBe(k);
      // Hann-windowed sine of amplitude 1: |X_k| = frame / 4
      expect(s.power[k * s.frames + f]).toBeCloseTo((frame / 4) ** 2, 6);
    }
  });

  it('Parseval per frame: the bins carry the windowed frame\'s energy', () => {
    const frame = 32;
    const x = Float64Array.from({ length: 32 }, (_, t) => Math.cos(t * 1.7) + 0.3 * Math.sin(t * 0.4));
    const s = spectrogram(x, { frame });
    const w = (t: number) => 0.5 - 0.5 * Math.cos((2 * Math.PI * t) / frame);
    const energy = x.reduce((a, v, t) => a + (v * w(t)) ** 2, 0);
    // full spectrum = DC + Nyquist + twice the bins in between
    let sum = s.power[0]! + s.power[s.bins - 1]!;
    for (let b = 1; b < s.bins - 1; b++) sum += 2 * s.power[b]!;
    expect(sum / frame).toBeCloseTo(energy, 9);
  });

  it('defaults and bad options', () => {
    expect([defaultFrame(10), defaultFrame(2048), defaultFrame(1e6)]).toEqual([16, 128, 512]);
    expect(spectrogram(new Float64Array(5), { frame: 8 }).frames).toBe(1);
    expect(() => spectrogram(new Float64Array(64), { frame: 7 })).toThrow('frame: expected an even number');
    expect(() => spectrogram([], {})).toThrow('samples: the signal is empty');
    expect(() => spectrogram(new Float64Array(64), { hop: 0 })).toThrow(/hop/);
  });
});
