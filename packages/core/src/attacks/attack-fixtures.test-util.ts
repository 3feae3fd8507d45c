/** Test fixtures for the attack tests: small models with known decision boundaries. */
import { Rng } from '../rng.js';
import type { Tensor } from '../tensor.js';
import { LinearModel, ReluModel } from '../testing/linear-model.js';
import { lpNorm } from './norms.js';
import type { Norm } from './types.js';

/** Box wide enough never to bind in the boundary-distance tests. */
export const WIDE = { lo: -100, hi: 100 } as const;

/**
 * A 2-class affine model f = W x + b with random weights and one input at least `minMargin`
 * away from the boundary (in logit-difference units) and within 40 of it in every norm. dist[p] is the exact distance of x to the
 * boundary in norm p: |f1 - f0| / ||w1 - w0||_q, q the dual norm.
 */
export function affinePair(seed: number, d: number, minMargin = 0.05): { model: LinearModel; x: Tensor; dist: Record<Norm, number> } {
  const rng = new Rng(seed);
  for (;;) {
    const W = rng.fillNormal(2 * d);
    const b = rng.fillNormal(2, 0.5);
    const x = rng.fillUniform(d, 0, 1);
    const w = Array.from({ length: d }, (_, i) => W[d + i]! - W[i]!);
    const f = w.reduce((a, v, i) => a + v * x[i]!, b[1]! - b[0]!);
    if (Math.abs(f) < minMargin) continue;
    const dist = { linf: Math.abs(f) / lpNorm(w, 'l1'), l2: Math.abs(f) / lpNorm(w, 'l2'), l1: Math.abs(f) / lpNorm(w, 'linf') };
    if (dist.l1 > 40) continue; // the largest of the three must leave the wide box unbinding
    return { model: new LinearModel([d], 2, W, b), x: { data: x, shape: [1, d] }, dist };
  }
}

/** A random ReLU network [d] -> classes with `hidden` units, and a batch of n inputs in [0, 1]. */
export function reluNet(seed: number, d: number, classes: number, n: number, hidden = 16): { model: ReluModel; x: Tensor } {
  const rng = new Rng(seed);
  const model = new ReluModel([d], classes, rng.fillNormal(hidden * d, 1.5), rng.fillNormal(hidden, 0.5), rng.fillNormal(classes * hidden), rng.fillNormal(classes, 0.2));
  return { model, x: { data: rng.fillUniform(n * d, 0, 1), shape: [n, d] } };
}

export const count = (m: Uint8Array): number => m.reduce((a, b) => a + b, 0);
