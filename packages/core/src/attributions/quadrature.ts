/**
 * Quadrature rules on [0, 1] for path integrals (IG): nodes `alphas` and weights summing to 1.
 * The Riemann rules follow Captum's definitions; Gauss-Legendre nodes are computed here by Newton
 * iteration on the Legendre polynomial, for any number of steps.
 */
import { checkInteger } from '../validate.js';
import { checkQuotedChoice } from './common.js';

export type IntegrationMethod = 'riemann_left' | 'riemann_right' | 'riemann_middle' | 'riemann_trapezoid' | 'gausslegendre';

export const INTEGRATION_METHODS: readonly IntegrationMethod[] = Object.freeze([
  'riemann_left', 'riemann_right', 'riemann_middle', 'riemann_trapezoid', 'gausslegendre',
]);

export interface Quadrature {
  /** Nodes in [0, 1], ascending. */
  alphas: Float64Array;
  /** Weights, one per node; they sum to 1. */
  weights: Float64Array;
}

/** P_n(x) and P_n'(x) by the three-term recurrence (|x| < 1). */
function legendre(n: number, x: number): { p: number; dp: number } {
  let p0 = 1;
  let p1 = x;
  for (let k = 2; k <= n; k++) {
    const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
    p0 = p1;
    p1 = p2;
  }
  return { p: p1, dp: (n * (x * p1 - p0)) / (x * x - 1) };
}

/**
 * n-point Gauss-Legendre rule mapped to [0, 1]: exact for polynomials of degree <= 2n - 1.
 * @example gaussLegendre(2).alphas // [0.2113..., 0.7886...] = (1 -+ 1/sqrt(3)) / 2
 */
export function gaussLegendre(n: number): Quadrature {
  checkInteger('steps', n, { min: 1 });
  const alphas = new Float64Array(n);
  const weights = new Float64Array(n);
  if (n === 1) return { alphas: Float64Array.of(0.5), weights: Float64Array.of(1) };
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    // i-th largest root of P_n; Tricomi's estimate converges in a few Newton steps.
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    for (let it = 0; it < 100; it++) {
      const { p, dp } = legendre(n, x);
      const dx = p / dp;
      x -= dx;
      if (Math.abs(dx) <= 1e-15) break;
    }
    const { dp } = legendre(n, x);
    const w = 1 / ((1 - x * x) * dp * dp); // 2 / ((1 - x^2) P'^2) on [-1, 1], halved for [0, 1]
    alphas[i] = (1 - x) / 2;
    alphas[n - 1 - i] = (1 + x) / 2;
    weights[i] = weights[n - 1 - i] = w;
  }
  return { alphas, weights };
}

/**
 * Nodes and weights of `method` with `steps` points on [0, 1].
 * - riemann_left: alphas k/n, k = 0..n-1; riemann_right: k/n, k = 1..n;
 *   riemann_middle: (k + 1/2)/n; all with weights 1/n.
 * - riemann_trapezoid: alphas k/(n-1), k = 0..n-1, weights 1/(n-1) halved at both ends (n >= 2).
 * - gausslegendre: {@link gaussLegendre}.
 * @example quadrature('riemann_trapezoid', 3) // alphas [0, 0.5, 1], weights [0.25, 0.5, 0.25]
 */
export function quadrature(method: IntegrationMethod, steps: number): Quadrature {
  checkQuotedChoice('method', method, INTEGRATION_METHODS);
  checkInteger('steps', steps, { min: method === 'riemann_trapezoid' ? 2 : 1 });
  if (method === 'gausslegendre') return gaussLegendre(steps);
  const n = steps;
  const alphas = new Float64Array(n);
  const weights = new Float64Array(n).fill(1 / n);
  for (let k = 0; k < n; k++) {
    if (method === 'riemann_left') alphas[k] = k / n;
    else if (method === 'riemann_right') alphas[k] = (k + 1) / n;
    else if (method === 'riemann_middle') alphas[k] = (k + 0.5) / n;
    else alphas[k] = k / (n - 1);
  }
  if (method === 'riemann_trapezoid') {
    weights.fill(1 / (n - 1));
    weights[0] = weights[n - 1] = 0.5 / (n - 1);
  }
  return { alphas, weights };
}
