/**
 * Random streams keyed by content: perturbation j of a sample draws from a generator seeded by
 * (seed, a hash of the sample's values, j). An image therefore gets the same perturbations wherever
 * it sits (any batch size, any position, any split of a dataset into batches or workers), and a
 * perturbation can be drawn again later instead of stored. Identical samples share their draws.
 */
import { Rng } from '@axplain/core';

/** FNV-1a over the float32 bits of each of the n samples of d values. */
export function sampleKeys(x: Float32Array, n: number, d: number): Uint32Array {
  const bits = new Uint32Array(x.buffer, x.byteOffset, x.length);
  return Uint32Array.from({ length: n }, (_, s) => {
    let h = 0x811c9dc5;
    for (let i = s * d; i < (s + 1) * d; i++) h = Math.imul(h ^ bits[i]!, 0x01000193);
    return h >>> 0;
  });
}

/** The generator of draw `j` of the sample with key `key` under `seed` (murmur3's finaliser mixes them). */
export function drawRng(seed: number, key: number, j: number): Rng {
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ key ^ Math.imul(j + 1, 0x85ebca6b)) >>> 0;
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
