/**
 * Seeded weight initialisers (He et al. 2015, Glorot & Bengio 2010). Fans follow the layouts the
 * architecture builders emit: dense weights [in, out] (Gemm without transB), convolution kernels
 * [out, in, kh, kw]; a rank-1 tensor (a bias) has fanIn = fanOut = its length.
 */
import { isInteger, Rng } from '@axplain/core';

/** Distribution of a weight tensor. */
export type InitKind = 'he-normal' | 'he-uniform' | 'glorot-normal' | 'glorot-uniform' | 'zeros';

/** The initialisers `initialize` knows, for argument checks and CLI help. */
export const INIT_KINDS: readonly InitKind[] = Object.freeze(['he-normal', 'he-uniform', 'glorot-normal', 'glorot-uniform', 'zeros']);

/**
 * fanIn and fanOut of a weight shape: [in, out] for rank 2, [out, in, ...kernel] for rank >= 3
 * (each multiplied by the kernel's receptive field).
 * @example fans([16, 6, 5, 5]) // { fanIn: 150, fanOut: 400 }
 */
export function fans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0]!, fanOut: shape[0]! };
  if (shape.length === 2) return { fanIn: shape[0]!, fanOut: shape[1]! };
  const field = shape.slice(2).reduce((a, b) => a * b, 1);
  return { fanIn: shape[1]! * field, fanOut: shape[0]! * field };
}

/**
 * The standard deviation (normal kinds) or the half-width of the interval (uniform kinds):
 * He normal sqrt(2 / fanIn), He uniform sqrt(6 / fanIn), Glorot normal sqrt(2 / (fanIn + fanOut)),
 * Glorot uniform sqrt(6 / (fanIn + fanOut)); 0 for zeros.
 * @example initScale('he-normal', [784, 128]) // Math.sqrt(2 / 784)
 */
export function initScale(kind: InitKind, shape: readonly number[]): number {
  const { fanIn, fanOut } = fans(shape);
  switch (kind) {
    case 'he-normal': return Math.sqrt(2 / fanIn);
    case 'he-uniform': return Math.sqrt(6 / fanIn);
    case 'glorot-normal': return Math.sqrt(2 / (fanIn + fanOut));
    case 'glorot-uniform': return Math.sqrt(6 / (fanIn + fanOut));
    case 'zeros': return 0;
    default: throw new RangeError(`init: unknown initialiser '${String(kind)}'; choose one of ${INIT_KINDS.join(', ')}`);
  }
}

/**
 * A freshly initialised weight tensor, drawn from `rng` (or a new `Rng(seed)`): normal kinds
 * N(0, scale^2), uniform kinds U(-scale, scale) with `initScale`'s scale.
 * @example
 * const w = initialize('he-normal', [784, 128], 0); // Float32Array(100352), std ~ 0.0505
 */
export function initialize(kind: InitKind, shape: readonly number[], rngOrSeed: Rng | number): Float32Array {
  for (const d of shape) if (!isInteger(d, { min: 1 })) throw new RangeError(`shape: dims must be integers >= 1, got [${shape.join(', ')}]`);
  const n = shape.reduce((a, b) => a * b, 1);
  const scale = initScale(kind, shape);
  if (kind === 'zeros') return new Float32Array(n);
  const rng = typeof rngOrSeed === 'number' ? new Rng(rngOrSeed) : rngOrSeed;
  return kind.endsWith('normal') ? rng.fillNormal(n, scale) : rng.fillUniform(n, -scale, scale);
}
