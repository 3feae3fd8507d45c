/**
 * Robustness evaluation: clean accuracy and robust accuracy (correct and not fooled within eps)
 * of a model on labelled inputs under an attack of the registry, with a markdown table.
 */
import type { Box } from '../attacks/types.js';
import type { GradientModel } from '../gradient-model.js';
import { type AttackRequest, AttackRequestError, type AttackTuning, type AttackNorm } from '../methods/attack-types.js';
import { normOf, runAttack, successWithin } from '../methods/attack-runner.js';
import { attackMethod, type AttackName } from '../methods/registry.js';
import { median } from '../stats/quantile.js';
import { predictions } from '../targets.js';
import { numel } from '../tensor.js';

/** Labelled inputs in the model's input format. */
export interface LabelledBatch {
  /** Inputs, row-major [n, ...inputShape]. */
  x: Float32Array;
  /** True class of each input. */
  y: Int32Array;
  n: number;
}

export interface RobustnessRow {
  /** The budget (budget attacks) or success threshold (minimal attacks); null: no threshold. */
  eps: number | null;
  /** Inputs classified correctly and not fooled within eps. */
  robust: number;
  /** robust / samples; never above the clean accuracy. */
  robustAccuracy: number;
  /** Correctly classified inputs the attack fooled within eps. */
  successes: number;
  /** successes / correctly classified inputs (0 when none is correct). */
  successRate: number;
  /** Median size of the successful perturbations, in the attack's norm (null when none). */
  medianNorm: number | null;
}

/** One attack run over the correct inputs in order: success within eps, perturbation size, iterations. */
export interface RobustnessRun { eps: number | null; success: number[]; norm: number[]; iterations: number[] }

export interface RobustnessReport {
  samples: number;
  correct: number;
  cleanAccuracy: number;
  attack: string;
  norm: AttackNorm;
  rows: RobustnessRow[];
  /** Wall time of the attack runs. */
  attackMs: number;
  /** Per attack run (one per eps for budget attacks, one for minimal attacks). */
  runs: RobustnessRun[];
}

export interface EvaluateRobustnessOptions {
  /** Budgets (budget attacks, at least one) or thresholds (minimal attacks; empty: none). */
  eps: readonly number[];
  /** Inputs per attack call. @defaultValue 32 */
  batch?: number;
  /** @defaultValue [0, 1] */
  box?: Box;
  tuning?: AttackTuning;
  /** Attacked inputs so far, out of the total over all runs. */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/**
 * Clean and robust accuracy of a model on labelled inputs. Only correctly classified inputs are
 * attacked (untargeted, away from the true class); an input is robust at eps when it is classified
 * correctly and the attack's point is not adversarial or lies farther than eps. Budget attacks
 * run once per eps; minimal attacks (cw, deepfool, fmn) run once and are read at every threshold.
 * @example
 * const r = await evaluateRobustness(model, mnistTest, { attack: 'pgd', norm: 'linf', seed: 0 }, { eps: [0.1, 0.3] });
 * r.rows[1].robustAccuracy; // ~0 for an undefended MNIST model
 */
export async function evaluateRobustness(
  model: GradientModel, data: LabelledBatch, request: Omit<AttackRequest<AttackName>, 'eps' | 'target'>, options: EvaluateRobustnessOptions,
): Promise<RobustnessReport> {
  const { attack, norm } = request;
  const spec = attackMethod(attack);
  if (spec.target === 'required') throw new AttackRequestError('attack', `${attack} is targeted only; robustness runs untargeted attacks (pgd, apgd-ce, cw, fmn, ...)`);
  if (spec.kind === 'budget' && options.eps.length === 0) throw new AttackRequestError('eps', `${attack} needs at least one budget, e.g. --eps 0.1,0.3`);
  const batch = options.batch ?? 32;
  const d = numel(model.inputShape);
  if (data.x.length !== data.n * d) throw new RangeError(`data: ${data.x.length} values for ${data.n} inputs of shape [${model.inputShape.join(', ')}]`);
  const pred = new Int32Array(data.n);
  for (let s = 0; s < data.n; s += batch) {
    const m = Math.min(batch, data.n - s);
    pred.set(predictions(await model.logits({ data: data.x.subarray(s * d, (s + m) * d), shape: [m, ...model.inputShape] })), s);
  }
  const correct: number[] = [];
  for (let i = 0; i < data.n; i++) if (pred[i] === data.y[i]) correct.push(i);
  const budgets: (number | undefined)[] = spec.kind === 'budget' ? [...options.eps] : [undefined];
  const total = budgets.length * correct.length;
  const runs: RobustnessRun[] = [];
  const t0 = performance.now();
  for (const [b, eps] of budgets.entries()) {
    const run: RobustnessRun = { eps: eps ?? null, success: [], norm: [], iterations: [] };
    for (let s = 0; s < correct.length; s += batch) {
      const idx = correct.slice(s, s + batch);
      const x = new Float32Array(idx.length * d);
      idx.forEach((i, k) => x.set(data.x.subarray(i * d, (i + 1) * d), k * d));
      const { result } = await runAttack(model, { data: x, shape: [idx.length, ...model.inputShape] }, { ...request, eps }, {
        box: options.box, labels: idx.map((i) => data.y[i]!), tuning: options.tuning, signal: options.signal,
      });
      idx.forEach((_, k) => {
        run.success.push(successWithin(result, norm, k, eps) ? 1 : 0);
        run.norm.push(normOf(result, norm, k));
        run.iterations.push(result.iterations[k]!);
      });
      options.onProgress?.(b * correct.length + s + idx.length, total);
    }
    runs.push(run);
  }
  const attackMs = performance.now() - t0;
  const row = (run: RobustnessRun, eps: number | undefined): RobustnessRow => {
    const ok = run.success.map((v, k) => (v && (eps === undefined || run.norm[k]! <= eps * (1 + 1e-6)) ? 1 : 0));
    const successes = ok.reduce((a: number, v) => a + v, 0);
    const robust = correct.length - successes;
    return {
      eps: eps ?? null, robust, robustAccuracy: data.n ? robust / data.n : 0, successes,
      successRate: correct.length ? successes / correct.length : 0, medianNorm: median(run.norm.filter((_, k) => ok[k])),
    };
  };
  const rows = spec.kind === 'budget'
    ? runs.map((r) => row(r, r.eps!))
    : options.eps.length ? options.eps.map((e) => row(runs[0]!, e)) : [row(runs[0]!, undefined)];
  return { samples: data.n, correct: correct.length, cleanAccuracy: data.n ? correct.length / data.n : 0, attack, norm, rows, attackMs, runs };
}

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

/**
 * The report as a markdown table, one row per eps.
 * @example robustnessTable(report) // '| eps | robust accuracy | attack success | median linf |\n|---|---|---|---|\n| 0.1 | 90.0% (18/20) | ...'
 */
export function robustnessTable(r: RobustnessReport): string {
  const head = `| eps | robust accuracy | attack success | median ${r.norm} |`;
  const lines = [head, '|---|---|---|---|'];
  for (const row of r.rows)
    lines.push(`| ${row.eps ?? 'none'} | ${pct(row.robustAccuracy)} (${row.robust}/${r.samples}) | ${pct(row.successRate)} (${row.successes}/${r.correct}) | ${row.medianNorm === null ? '-' : row.medianNorm.toPrecision(3)} |`);
  return lines.join('\n');
}
