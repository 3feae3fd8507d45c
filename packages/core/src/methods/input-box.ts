/** The valid input range of a model from its preprocessing spec: where attacks must stay. */
import type { Box } from '../attacks/types.js';
import { parsePreprocessSpec, type PreprocessSpec } from '../image/preprocess-spec.js';

/**
 * The valid range of the model's inputs: what pixel values 0 and 255 become under the spec
 * (`[0, 1]` for the default scale 1/255 without mean/std). Per channel for NCHW; for NHWC with
 * channels that differ, the widest range (the box cannot hold per-channel bounds on the last axis).
 * @example inputBox({ width: 28, height: 28, channels: 'grey' }) // { lo: 0, hi: 1 }
 */
export function inputBox(spec: PreprocessSpec): Box {
  const s = parsePreprocessSpec(spec);
  const lo = s.mean.map((m, c) => Math.min(-m / s.std[c]!, (255 * s.scale - m) / s.std[c]!));
  const hi = s.mean.map((m, c) => Math.max(-m / s.std[c]!, (255 * s.scale - m) / s.std[c]!));
  if (lo.every((v) => v === lo[0]) && hi.every((v) => v === hi[0])) return { lo: lo[0]!, hi: hi[0]! };
  if (s.layout === 'nchw') return { lo, hi };
  return { lo: Math.min(...lo), hi: Math.max(...hi) };
}

/**
 * Whether `inputBox(spec)` is exactly the image of the pixel range channel by channel, so that a
 * grid of 255 steps across the box is the 8-bit pixel grid (false for NHWC channels that differ).
 * @example boxIsPixelGrid({ width: 28, height: 28, channels: 'grey' }) // true
 */
export function boxIsPixelGrid(spec: PreprocessSpec): boolean {
  const s = parsePreprocessSpec(spec);
  return s.layout === 'nchw' || s.mean.every((m, c) => m === s.mean[0] && s.std[c] === s.std[0]);
}
