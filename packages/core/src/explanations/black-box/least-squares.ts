/**
 * Small dense linear algebra for the surrogate fits of LIME and KernelSHAP, in float64: a
 * Cholesky solve and weighted ridge regression with an unpenalised intercept.
 */

/**
 * Solves A v = b for a symmetric positive definite p x p matrix A (row-major) by Cholesky.
 * Returns undefined when A is not positive definite (a pivot <= 1e-12 x the largest diagonal).
 * @example choleskySolve(Float64Array.of(4, 2, 2, 3), Float64Array.of(2, 1), 2) // [0.5, 0]
 */
export function choleskySolve(a: Float64Array, b: Float64Array, p: number): Float64Array | undefined {
  const l = new Float64Array(p * p);
  let maxDiag = 0;
  for (let i = 0; i < p; i++) maxDiag = Math.max(maxDiag, Math.abs(a[i * p + i]!));
  const tol = 1e-12 * Math.max(maxDiag, Number.MIN_VALUE);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * p + j]!;
      for (let k = 0; k < j; k++) s -= l[i * p + k]! * l[j * p + k]!;
      if (i === j) {
        if (!(s > tol)) return undefined;
        l[i * p + i] = Math.sqrt(s);
      } else l[i * p + j] = s / l[j * p + j]!;
    }
  }
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * p + k]! * y[k]!;
    y[i] = s / l[i * p + i]!;
  }
  const v = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < p; k++) s -= l[k * p + i]! * v[k]!;
    v[i] = s / l[i * p + i]!;
  }
  return v;
}

export interface RidgeFit {
  /** One coefficient per column. */
  coefficients: Float64Array;
  intercept: number;
  /** Weighted R^2 of the fit on its own rows. */
  score: number;
}

/**
 * argmin over (beta, b) of sum_i w_i (y_i - b - z_i . beta)^2 + alpha ||beta||^2 (the intercept b
 * is not penalised), exactly: centre z and y by their weighted means, solve
 * (Zc^T W Zc + alpha I) beta = Zc^T W yc by Cholesky, b = mean(y) - mean(z) . beta.
 * `z` is rows x p row-major. Throws a RangeError naming `what` when the system is singular.
 * @example weightedRidge(Float64Array.of(0, 1, 2), Float64Array.of(1, 3, 5), Float64Array.of(1, 1, 1), 3, 1, 0).coefficients // [2]
 */
export function weightedRidge(z: ArrayLike<number>, y: ArrayLike<number>, w: ArrayLike<number>, rows: number, p: number, alpha: number, what = 'regression'): RidgeFit {
  let sw = 0, ym = 0;
  const zm = new Float64Array(p);
  for (let r = 0; r < rows; r++) {
    const wr = w[r]!;
    sw += wr;
    ym += wr * y[r]!;
    for (let j = 0; j < p; j++) zm[j]! += wr * z[r * p + j]!;
  }
  if (!(sw > 0)) throw new RangeError(`${what}: the sample weights sum to ${sw}; nothing to fit`);
  ym /= sw;
  for (let j = 0; j < p; j++) zm[j]! /= sw;
  const a = new Float64Array(p * p);
  const rhs = new Float64Array(p);
  const zc = new Float64Array(p);
  for (let r = 0; r < rows; r++) {
    const wr = w[r]!;
    if (wr === 0) continue;
    for (let j = 0; j < p; j++) zc[j] = z[r * p + j]! - zm[j]!;
    const yc = y[r]! - ym;
    for (let i = 0; i < p; i++) {
      const wi = wr * zc[i]!;
      if (wi === 0) continue;
      rhs[i]! += wi * yc;
      for (let j = 0; j <= i; j++) a[i * p + j]! += wi * zc[j]!;
    }
  }
  for (let i = 0; i < p; i++) {
    a[i * p + i]! += alpha;
    for (let j = 0; j < i; j++) a[j * p + i] = a[i * p + j]!;
  }
  const coefficients = p === 0 ? new Float64Array(0) : choleskySolve(a, rhs, p);
  if (!coefficients) throw new RangeError(`${what}: the weighted design is singular (too few distinct perturbations for ${p} features); raise maxEvals or alpha, or use fewer segments`);
  let intercept = ym;
  for (let j = 0; j < p; j++) intercept -= zm[j]! * coefficients[j]!;
  let ssRes = 0, ssTot = 0;
  for (let r = 0; r < rows; r++) {
    let pred = intercept;
    for (let j = 0; j < p; j++) pred += z[r * p + j]! * coefficients[j]!;
    ssRes += w[r]! * (y[r]! - pred) ** 2;
    ssTot += w[r]! * (y[r]! - ym) ** 2;
  }
  return { coefficients, intercept, score: ssTot > 0 ? 1 - ssRes / ssTot : 1 };
}
