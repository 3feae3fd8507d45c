/**
 * First-order optimisers on Float32Arrays, updating parameters in place. The optimiser state
 * (moments, velocity) is float64; each update is computed in float64 and only the parameter is
 * rounded to float32, in a fixed order, so a run is deterministic.
 */
import { ADAM_DEFAULTS, adamUpdate } from './adam.js';

/** Parameters or gradients by name. */
export type ParamValues = Record<string, Float32Array>;

export interface Optimizer {
  readonly kind: 'adam' | 'sgd';
  /** Learning rate; may be changed between steps (schedules). */
  lr: number;
  /** Steps taken so far. */
  readonly steps: number;
  /** One update of every parameter in `params` from its gradient in `grads` (same names, same lengths). */
  step(params: ParamValues, grads: Readonly<ParamValues>): void;
}

export interface AdamOptions {
  /** @defaultValue 1e-3 */
  lr?: number;
  /** @defaultValue 0.9 */
  beta1?: number;
  /** @defaultValue 0.999 */
  beta2?: number;
  /** Added to sqrt(v_hat). @defaultValue 1e-8 */
  epsilon?: number;
}

export interface SgdOptions {
  /** @defaultValue 0.01 */
  lr?: number;
  /** Momentum mu of v <- mu v + g (the PyTorch convention, no dampening). @defaultValue 0.9 */
  momentum?: number;
  /** Nesterov: step along g + mu v instead of v. @defaultValue false */
  nesterov?: boolean;
}

/** Optimiser choice as options take it. */
export type OptimizerSpec = ({ kind: 'adam' } & AdamOptions) | ({ kind: 'sgd' } & SgdOptions);

function positive(v: number, name: string): number {
  if (!(Number.isFinite(v) && v > 0)) throw new RangeError(`${name}: must be a finite number > 0, got ${v}`);
  return v;
}

function inUnit(v: number, name: string): number {
  if (!(v >= 0 && v < 1)) throw new RangeError(`${name}: must be in [0, 1), got ${v}`);
  return v;
}

function gradOf(grads: Readonly<ParamValues>, name: string, p: Float32Array): Float32Array {
  const g = grads[name];
  if (!g) throw new RangeError(`grads: no gradient for parameter '${name}'`);
  if (g.length !== p.length) throw new RangeError(`grads.${name}: ${g.length} values for a parameter of ${p.length}`);
  return g;
}

/**
 * Adam (Kingma & Ba 2015): m <- b1 m + (1 - b1) g; v <- b2 v + (1 - b2) g^2;
 * p <- p - lr m_hat / (sqrt(v_hat) + epsilon) with m_hat = m / (1 - b1^t), v_hat = v / (1 - b2^t).
 * @example
 * const opt = new Adam({ lr: 1e-3 });
 * opt.step({ W: w }, { W: dW }); // w moves by lr * sign(dW) on the first step (up to epsilon)
 */
export class Adam implements Optimizer {
  readonly kind = 'adam';
  lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private t = 0;
  private readonly m = new Map<string, Float64Array>();
  private readonly v = new Map<string, Float64Array>();

  constructor(options: AdamOptions = {}) {
    this.lr = positive(options.lr ?? ADAM_DEFAULTS.lr, 'lr');
    this.beta1 = inUnit(options.beta1 ?? ADAM_DEFAULTS.beta1, 'beta1');
    this.beta2 = inUnit(options.beta2 ?? ADAM_DEFAULTS.beta2, 'beta2');
    this.epsilon = options.epsilon ?? ADAM_DEFAULTS.epsilon;
    if (!(this.epsilon >= 0)) throw new RangeError(`epsilon: must be >= 0, got ${options.epsilon}`);
  }

  get steps(): number { return this.t; }

  step(params: ParamValues, grads: Readonly<ParamValues>): void {
    this.t++;
    for (const [name, p] of Object.entries(params)) {
      const g = gradOf(grads, name, p);
      let m = this.m.get(name);
      let v = this.v.get(name);
      if (!m || !v) {
        m = new Float64Array(p.length);
        v = new Float64Array(p.length);
        this.m.set(name, m);
        this.v.set(name, v);
      }
      adamUpdate(p, g, m, v, this.t, this);
    }
  }
}

/**
 * SGD with momentum: v <- mu v + g; p <- p - lr v (or p - lr (g + mu v) with Nesterov).
 * With momentum 0 it is plain SGD.
 * @example
 * const opt = new SgdMomentum({ lr: 0.1, momentum: 0.9 });
 * opt.step({ W: w }, { W: dW });
 */
export class SgdMomentum implements Optimizer {
  readonly kind = 'sgd';
  lr: number;
  readonly momentum: number;
  readonly nesterov: boolean;
  private t = 0;
  private readonly velocity = new Map<string, Float64Array>();

  constructor(options: SgdOptions = {}) {
    this.lr = positive(options.lr ?? 0.01, 'lr');
    this.momentum = inUnit(options.momentum ?? 0.9, 'momentum');
    this.nesterov = options.nesterov ?? false;
  }

  get steps(): number { return this.t; }

  step(params: ParamValues, grads: Readonly<ParamValues>): void {
    this.t++;
    const { momentum: mu, lr } = this;
    for (const [name, p] of Object.entries(params)) {
      const g = gradOf(grads, name, p);
      let v = this.velocity.get(name);
      if (!v) {
        v = new Float64Array(p.length);
        this.velocity.set(name, v);
      }
      for (let i = 0; i < p.length; i++) {
        const vi = (v[i] = mu * v[i]! + g[i]!);
        p[i] = p[i]! - lr * (this.nesterov ? g[i]! + mu * vi : vi);
      }
    }
  }
}

/**
 * An optimiser from a spec; `lr` overrides the spec's learning rate when given.
 * @example createOptimizer({ kind: 'sgd', momentum: 0.9 }, 0.05)
 */
export function createOptimizer(spec: OptimizerSpec | 'adam' | 'sgd', lr?: number): Optimizer {
  const s: OptimizerSpec = typeof spec === 'string' ? { kind: spec } : spec;
  const withLr = lr === undefined ? s : { ...s, lr };
  if (withLr.kind === 'adam') return new Adam(withLr);
  if (withLr.kind === 'sgd') return new SgdMomentum(withLr);
  throw new RangeError(`optimizer: unknown kind '${String((s as { kind?: unknown }).kind)}'; choose 'adam' or 'sgd'`);
}
