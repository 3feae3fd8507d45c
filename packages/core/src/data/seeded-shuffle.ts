/**
 * Seeded permutations and seed derivation: every random choice in the data folder goes through
 * here, so a (seed, purpose) pair always yields the same bytes.
 */
import { Rng } from '../rng.js';
import { checkInteger } from '../validate.js';

/** Throws a RangeError unless `seed` is an integer (negative and large ones are fine: used mod 2^32). */
export function checkSeed(seed: number, name = 'seed'): number {
  checkInteger(name, seed);
  return seed;
}

/**
 * A seed for one purpose derived from a base seed (a murmur3-style mix), so that e.g. the split
 * and the decoy corners of the same seed are independent streams.
 * @example deriveSeed(0, 1) !== deriveSeed(0, 2) // true
 */
export function deriveSeed(seed: number, stream: number): number {
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul((stream >>> 0) + 0x7f4a7c15, 0x85ebca77)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A uniformly random permutation of 0..n-1 (Fisher-Yates on a seeded Rng).
 * @example shuffledIndices(5, 42) // a permutation of [0, 1, 2, 3, 4], the same on every call
 */
export function shuffledIndices(n: number, seed: number): Int32Array {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n: must be a non-negative integer, got ${n}`);
  const rng = new Rng(checkSeed(seed));
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}

/** A uniform integer in [0, k) from `rng`. */
export const randInt = (rng: Rng, k: number): number => Math.floor(rng.next() * k);
