/**
 * The Adam update (Kingma & Ba, "Adam: A Method for Stochastic Optimization", 2015), bias-corrected,
 * in place. The one kernel behind the training optimiser and the Carlini-Wagner attack: moments
 * are float64 and every step is computed in float64; the parameter keeps its own precision.
 */

/** Adam's hyper-parameters. */
export interface AdamSettings {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  /** Added to sqrt(v_hat). */
  readonly epsilon: number;
}

/** The defaults of Kingma & Ba: lr 1e-3, beta1 0.9, beta2 0.999, epsilon 1e-8. */
export const ADAM_DEFAULTS: AdamSettings = Object.freeze({ lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });

/**
 * Step `t` (from 1) of Adam on `params`, in place: m <- b1 m + (1 - b1) g; v <- b2 v + (1 - b2) g^2;
 * p <- p - lr m_hat / (sqrt(v_hat) + epsilon), m_hat = m / (1 - b1^t), v_hat = v / (1 - b2^t).
 * `grads`, `m` and `v` are as long as `params` (pass subarrays to update a slice).
 * @example
 * const w = Float64Array.of(1), m = new Float64Array(1), v = new Float64Array(1);
 * adamUpdate(w, [2], m, v, 1, { ...ADAM_DEFAULTS, lr: 0.1 }); // w[0] ~ 0.9: the first step is lr * sign(g)
 */
export function adamUpdate(
  params: Float32Array | Float64Array, grads: ArrayLike<number>, m: Float64Array, v: Float64Array, t: number, settings: AdamSettings,
): void {
  const { beta1: b1, beta2: b2, epsilon: e, lr } = settings;
  const c1 = 1 - b1 ** t;
  const c2 = 1 - b2 ** t;
  for (let i = 0; i < params.length; i++) {
    const gi = grads[i]!;
    const mi = (m[i] = b1 * m[i]! + (1 - b1) * gi);
    const vi = (v[i] = b2 * v[i]! + (1 - b2) * gi * gi);
    params[i] = params[i]! - (lr * (mi / c1)) / (Math.sqrt(vi / c2) + e);
  }
}
