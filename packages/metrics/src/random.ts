/**
 * Per-row random streams: row r of a metric's virtual batch draws from its own generator, seeded
 * from (seed, r), so the numbers never depend on the batch size or on which chunk builds the row,
 * and a row's perturbation can be drawn again later instead of stored.
 */
import { Rng } from '@axplain/core';

/** The generator of row `row` under `seed` (murmur3's finaliser mixes the pair). */
export function rowRng(seed: number, row: number): Rng {
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(row + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return new Rng((h ^ (h >>> 16)) >>> 0);
}

/** `k` distinct indices of 0..n-1, uniformly (a partial Fisher-Yates shuffle). */
export function randomSubset(rng: Rng, n: number, k: number): Int32Array {
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i; // a loop: Int32Array.from with a map function is many times slower
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng.next() * (n - i));
    const t = idx[i]!; idx[i] = idx[j]!; idx[j] = t;
  }
  return idx.subarray(0, k);
}

/**
 * Fills `out` with N(0, std^2) values from `rng`: Box-Muller using both the cosine and the sine
 * of each pair of uniforms (half the uniforms and logarithms of one normal per pair), in place.
 */
export function fillGaussian(rng: Rng, out: Float32Array, std: number): Float32Array {
  for (let i = 0; i < out.length; i += 2) {
    const r = std * Math.sqrt(-2 * Math.log(1 - rng.next())), t = 2 * Math.PI * rng.next();
    out[i] = r * Math.cos(t);
    if (i + 1 < out.length) out[i + 1] = r * Math.sin(t);
  }
  return out;
}

/** Adds N(0, std^2) noise to every value of `values`, in place. */
export function addGaussian(rng: Rng, values: Float32Array, std: number): void {
  const noise = fillGaussian(rng, new Float32Array(values.length), std);
  for (let i = 0; i < values.length; i++) values[i]! += noise[i]!;
}
