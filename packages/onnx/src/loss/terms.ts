/**
 * The terms a training loss is made of (see `buildLoss`). Per-example quantities are averaged
 * over the batch by default, so a weight does not depend on the batch size; with per-example
 * means for both the cross-entropy and a gradient penalty, their ratio is the same as with the
 * per-batch sums some reference implementations use.
 */

/**
 * Per-example scalar functions of the logits z (p = softmax z, y the label row):
 * `'cross-entropy'`: -sum_k y_k log p_k; `'log-prob-sum'`: sum_k log p_k (the RRR explanation).
 */
export type ExampleFunction = 'cross-entropy' | 'log-prob-sum';

/**
 * What an input-gradient penalty applies to the (masked) gradient g of one example:
 * `'squared'`: sum g^2; `'half-squared'`: 0.5 sum g^2; `'abs'`: sum |g|.
 */
export type GradientPenalty = 'squared' | 'half-squared' | 'abs';

/** How per-example values combine over the batch. */
export type BatchReduction = 'mean' | 'sum';

interface TermBase {
  /** Multiplies the term. @defaultValue 1 */
  weight?: number;
  /** Suffix of the term's output, `loss_${name}`; unique within a loss. @defaultValue the kind */
  name?: string;
}

/** weight * reduce_n CE_n, CE_n = -sum_k y_nk log softmax(z_n)_k (labels y: one-hot or soft rows). */
export interface CrossEntropyTerm extends TermBase {
  kind: 'cross-entropy';
  /** @defaultValue 'mean' */
  reduction?: BatchReduction;
}

/** weight * reduce_n sum_k log softmax(z_n)_k. */
export interface LogProbSumTerm extends TermBase {
  kind: 'log-prob-sum';
  /** @defaultValue 'mean' */
  reduction?: BatchReduction;
}

/**
 * weight * reduce_n P(A_n * d f_n / d x_n): a penalty P on the input gradient of a per-example
 * function f_n, optionally masked by the annotation input A (shaped like x). Each example's
 * gradient is its own: the compiler differentiates sum_n f_n, and examples of an inference
 * model do not interact.
 */
export interface InputGradientTerm extends TermBase {
  kind: 'input-gradient';
  of: ExampleFunction;
  penalty: GradientPenalty;
  /** Multiply the gradient by the mask input A first. @defaultValue false */
  masked?: boolean;
  /** @defaultValue 'mean' */
  reduction?: BatchReduction;
}

/** weight * sum_p sum(p^2) over the chosen parameters. */
export interface WeightDecayTerm extends TermBase {
  kind: 'weight-decay';
  /** Parameters to decay; each must be a trained parameter. @defaultValue every trained parameter */
  params?: string[];
}

export type LossTerm = CrossEntropyTerm | LogProbSumTerm | InputGradientTerm | WeightDecayTerm;

/**
 * Softmax cross-entropy, averaged over the batch.
 * @example
 * ```ts
 * const terms = [crossEntropy()]; // loss = mean_n -log p_{n, y_n}
 * ```
 */
export function crossEntropy(weight = 1): CrossEntropyTerm {
  return { kind: 'cross-entropy', weight, name: 'ce' };
}

/**
 * Right for the Right Reasons (Ross et al.): lambda * mean_n sum_d (A_nd d/dx_nd sum_k log p_nk)^2
 * with A the binary "irrelevant" annotation mask (graph input `mask`).
 * @example
 * ```ts
 * const terms = [crossEntropy(), rightReasons(1000), weightDecay(1e-4)];
 * ```
 */
export function rightReasons(lambda: number): InputGradientTerm {
  return { kind: 'input-gradient', of: 'log-prob-sum', penalty: 'squared', masked: true, weight: lambda, name: 'rrr' };
}

/**
 * Double backpropagation (Drucker & LeCun): lambda * mean_n 0.5 |d CE_n / d x_n|_2^2, or with
 * `norm: 'l1'` lambda * mean_n |d CE_n / d x_n|_1.
 * @example
 * ```ts
 * const terms = [crossEntropy(), doubleBackprop(0.1), doubleBackprop(0.01, 'l1')];
 * ```
 */
export function doubleBackprop(lambda: number, norm: 'l2' | 'l1' = 'l2'): InputGradientTerm {
  return {
    kind: 'input-gradient', of: 'cross-entropy', penalty: norm === 'l2' ? 'half-squared' : 'abs',
    weight: lambda, name: `grad_${norm}`,
  };
}

/**
 * L2 weight decay: lambda * sum ||W||^2 over `params` (default: every trained parameter).
 * @example
 * ```ts
 * const terms = [crossEntropy(), weightDecay(1e-4, ['W1', 'W2'])];
 * ```
 */
export function weightDecay(lambda: number, params?: string[]): WeightDecayTerm {
  return params ? { kind: 'weight-decay', weight: lambda, params, name: 'l2' } : { kind: 'weight-decay', weight: lambda, name: 'l2' };
}

/** The output suffix of each term, checked for duplicates. */
export function termNames(terms: readonly LossTerm[]): string[] {
  const names = terms.map((t) => t.name ?? t.kind);
  const seen = new Set<string>();
  for (const n of names) {
    if (!/^[A-Za-z0-9_.-]+$/.test(n)) throw new RangeError(`options.terms: term name '${n}' must match [A-Za-z0-9_.-]+`);
    if (seen.has(n)) throw new RangeError(`options.terms: two terms are named '${n}'; give one of them another \`name\``);
    seen.add(n);
  }
  return names;
}
