/** Seeded samplers for the statistics tests: Gamma (Marsaglia & Tsang 2000) and Beta = X / (X + Y). */
import type { Rng } from '../../rng.js';

export function sampleGamma(rng: Rng, shape: number): number {
  if (shape < 1) return sampleGamma(rng, shape + 1) * rng.next() ** (1 / shape);
  const d = shape - 1 / 3, c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = rng.normal();
    const v = (1 + c * z) ** 3;
    if (v <= 0) continue;
    if (Math.log(1 - rng.next()) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
  }
}

export function sampleBeta(rng: Rng, p: number, q: number): number {
  const x = sampleGamma(rng, p), y = sampleGamma(rng, q);
  return x / (x + y);
}
