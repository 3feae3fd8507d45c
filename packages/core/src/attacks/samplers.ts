/**
 * Random starts uniform in Lp balls, and the per-sample random streams of the attacks.
 *
 * Streams: every sample draws from its own Rng seeded by (seed, restart, the sample's own values).
 * The stream never depends on the sample's position in the batch, so an attack on a batch gives
 * exactly the results of the same attack on each sample alone; different samples still get
 * different noise because their values differ.
 */
import { Rng } from '../rng.js';
import { projectBallBox } from './projections.js';
import type { Norm } from './types.js';

/** FNV-1a-style mix of 32-bit words. */
function mix(h: number, w: number): number {
  h = Math.imul(h ^ (w & 0xff), 16777619);
  h = Math.imul(h ^ ((w >>> 8) & 0xff), 16777619);
  h = Math.imul(h ^ ((w >>> 16) & 0xff), 16777619);
  return Math.imul(h ^ (w >>> 24), 16777619);
}

/**
 * The random stream of one sample: seeded by `seed`, `restart` and the sample's values (a view of
 * its d input values).
 * @example const rng = sampleStream(0, x.data.subarray(0, 784), 0);
 */
export function sampleStream(seed: number, sample: Float32Array, restart = 0): Rng {
  let h = mix(mix(0x811c9dc5, seed >>> 0), restart >>> 0);
  const words = new Uint32Array(sample.buffer, sample.byteOffset, sample.length);
  for (let i = 0; i < words.length; i++) h = mix(h, words[i]!);
  // Avalanche so nearby seeds give unrelated streams.
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16;
  return new Rng(h >>> 0);
}

/** Standard exponential draw (never infinite: next() < 1). */
const exponential = (rng: Rng): number => -Math.log(1 - rng.next());

/**
 * A point uniform in the d-dimensional ball {||v||_p <= eps} (float64; exact up to
 * float64 rounding, which `randomStart` removes by projecting):
 * - linf: every coordinate U[-eps, eps];
 * - l2: a Gaussian direction scaled to radius eps u^(1/d) (u ~ U[0, 1]: the volume of a ball
 *   grows as r^d, so a radius drawn uniformly would crowd the centre);
 * - l1: d + 1 standard exponentials normalised by their sum are uniform on the simplex; dropping
 *   the last gives a point uniform in {v >= 0, sum v <= 1} (the sorted-uniform-spacings law);
 *   random signs and a factor eps make it uniform in the L1 ball.
 * @example sampleBall(new Rng(0), 784, 1.5, 'l2') // ||v||_2 <= 1.5
 */
export function sampleBall(rng: Rng, d: number, eps: number, norm: Norm): Float64Array<ArrayBuffer> {
  const v = new Float64Array(d);
  if (d === 0 || eps === 0) return v;
  if (norm === 'linf') {
    for (let i = 0; i < d; i++) v[i] = eps * (2 * rng.next() - 1);
    return v;
  }
  if (norm === 'l2') {
    let s = 0;
    for (let i = 0; i < d; i++) { v[i] = rng.normal(); s += v[i]! * v[i]!; }
    const r = eps * Math.pow(rng.next(), 1 / d);
    const k = s > 0 ? r / Math.sqrt(s) : 0;
    for (let i = 0; i < d; i++) v[i] = v[i]! * k;
    return v;
  }
  let s = 0;
  for (let i = 0; i < d; i++) { v[i] = exponential(rng); s += v[i]!; }
  s += exponential(rng);
  for (let i = 0; i < d; i++) v[i] = (rng.next() < 0.5 ? -eps : eps) * (v[i]! / s);
  return v;
}

/**
 * Random start of a batch: x0 + a point uniform in each sample's eps-ball, clipped to the box and
 * rounded towards x0 (so it lies in ball and box exactly). Sample s draws from
 * `sampleStream(seed, x0 sample s, restart)`.
 * @example const start = randomStart(x.data, 2, [0.3, 0.3], 'linf', lo, hi, 0, 0);
 */
export function randomStart(
  x0: Float32Array, n: number, eps: ArrayLike<number>, norm: Norm, lo: ArrayLike<number>, hi: ArrayLike<number>, seed: number, restart = 0,
): Float32Array<ArrayBuffer> {
  const d = n > 0 ? x0.length / n : 0;
  const cand = new Float64Array(x0.length);
  for (let s = 0; s < n; s++) {
    const sample = x0.subarray(s * d, (s + 1) * d);
    const v = sampleBall(sampleStream(seed, sample, restart), d, eps[s]!, norm);
    for (let i = 0; i < d; i++) cand[s * d + i] = sample[i]! + v[i]!;
  }
  return projectBallBox(x0, cand, n, eps, norm, lo, hi);
}
