import { describe, expect, it } from 'vitest';
import { ShapeMismatchError } from '../errors.js';
import { audioAttributionPicture } from './audio-attribution.js';

const n = 2048;
// A 1 kHz tone at 8 kHz (frame 128: bin 16); attribution only on samples 1024..1279 (the tone itself there).
const x = Float64Array.from({ length: n }, (_, t) => 0.5 * Math.sin((2 * Math.PI * 1000 * t) / 8000));
const a = Float64Array.from({ length: n }, (_, t) => (t >= 1024 && t < 1280 ? x[t]! : 0));
const px = (img: { width: number; data: Uint8ClampedArray }, X: number, Y: number) => Array.from(img.data.slice(4 * (Y * img.width + X), 4 * (Y * img.width + X) + 3));

describe('audioAttributionPicture', () => {
  const pic = audioAttributionPicture(x, a, { sampleRate: 8000, width: 512, panelHeight: 100 });
  const [wave, spec] = pic.cells;

  it('stacks a waveform and a spectrogram panel of the asked size, with titles', () => {
    expect([wave!.width, wave!.height, spec!.width, spec!.height]).toEqual([512, 100, 512, 100]);
    expect(spec!.y).toBeGreaterThan(wave!.y + 100);
    expect(wave!.title?.text).toContain('waveform over 0.256 s');
  });

  it('tints the attributed columns red (positive sums) and blue (negative), leaves the others white, draws the wave dark', () => {
    const top = (c: number) => px(pic, wave!.x + c, wave!.y + 1); // above the wave: background only
    expect(top(258)[0]).toBeGreaterThan(top(258)[2]! + 60); // samples 1032..1035, where the sine is positive
    expect(top(259)[2]).toBeGreaterThan(top(259)[0]! + 60); // samples 1036..1039, the negative half-period
    expect(top(100)).toEqual([255, 255, 255]); // samples 400..403, no attribution
    expect(px(pic, wave!.x + 100, wave!.y + 35)).toEqual([40, 40, 40]); // the wave crosses the middle row
  });

  it('heat shows on the tone\'s row during the attributed time only', () => {
    // bin 16 of 65, low frequencies at the bottom: row = h - 1 - 16 * h / 65
    const row = spec!.y + 100 - 1 - Math.floor((16.5 * 100) / 65);
    const at = (c: number) => px(pic, spec!.x + c, row);
    const inside = at(Math.floor(((1100 / 2048) * 512)));
    const outside = at(40);
    // outside: grey (the tone itself is loud); inside: heat colour (red dominant over blue)
    expect(outside[0]).toBe(outside[2]);
    expect(outside[0]).toBeGreaterThan(150);
    expect(inside[0]! - inside[2]!).toBeGreaterThan(60);
  });

  it('refuses an attribution of another length, naming both lengths', () => {
    expect(() => audioAttributionPicture(x, a.subarray(0, 10))).toThrow(ShapeMismatchError);
    expect(() => audioAttributionPicture(x, a.subarray(0, 10))).toThrow('expected shape [2048], got [10]');
    expect(() => audioAttributionPicture([], [])).toThrow('empty');
  });
});
