/**
 * Running an attack of the registry by name: the request checks (everything but the class count,
 * known only with the model), the norm choice, the run, and success within a budget.
 */
import { quantizeAttackResult } from '../attacks/quantize.js';
import type { AttackResult, Box } from '../attacks/types.js';
import type { GradientModel } from '../gradient-model.js';
import type { Target } from '../targets.js';
import type { Tensor } from '../tensor.js';
import { type AttackDescriptor, type AttackNorm, type AttackOptionsReport, type AttackRequest, AttackRequestError, type AttackTuning } from './attack-types.js';
import { attackMethod, type AttackName } from './registry.js';

const ALL_NORMS: readonly AttackNorm[] = ['linf', 'l2', 'l1', 'k-sparse', 'l0'];

/** 'a', 'a or b', 'a, b or c'. */
const orList = (v: readonly string[]): string => (v.length < 2 ? v.join('') : `${v.slice(0, -1).join(', ')} or ${v.at(-1)}`);

/**
 * The norm to run `attack` in: its default when `norm` is undefined, else one it supports;
 * otherwise an AttackRequestError naming the norms it takes.
 * @example resolveAttackNorm('cw', undefined) // 'l2'
 */
export function resolveAttackNorm(attack: AttackName, norm: string | undefined): AttackNorm {
  const ok = attackMethod(attack).norms;
  if (norm === undefined) return ok[0]!;
  if (!(ok as readonly string[]).includes(norm)) {
    const what = (ALL_NORMS as readonly string[]).includes(norm) ? `${attack} does not run in ${norm}` : `unknown norm '${norm}'`;
    throw new AttackRequestError('norm', `${what}; ${attack} takes ${orList(ok)} (leave --norm out for ${ok[0]})`);
  }
  return norm as AttackNorm;
}

/**
 * Checks the combination of a request against its attack: a budget for budget attacks, a target
 * where one is required or refused, steps and restarts only where they apply.
 * @throws AttackRequestError naming the request field at fault
 */
export function checkAttackRequest(r: AttackRequest): void {
  const spec = attackMethod(r.attack);
  if (spec.kind === 'budget' && r.eps === undefined)
    throw new AttackRequestError('eps', `${r.attack} needs a budget in the model's input units, e.g. --eps 0.1 for ${r.norm} on [0, 1] pixels`);
  if (spec.target === 'required' && r.target === undefined)
    throw new AttackRequestError('target', `${r.attack} is a targeted attack; give the class to reach, e.g. --target 8`);
  if (spec.target === 'never' && r.target !== undefined)
    throw new AttackRequestError('target', `${r.attack} is untargeted; leave --target out, or use pgd, cw or fmn with --target`);
  if (!spec.steps && r.steps !== undefined)
    throw new AttackRequestError('steps', `does not apply to ${r.attack}${r.attack === 'fgsm' ? ' (one step; use pgd for several)' : ''}`);
  if (!spec.restarts && r.restarts !== undefined && r.restarts !== 1)
    throw new AttackRequestError('restarts', `does not apply to ${r.attack}; pgd, apgd-ce and apgd-dlr take restarts`);
}

/** What `runAttack` did: the core result and the options it passed (for reports). */
export interface AttackRun {
  /** The result; with `quantize`, of the examples on the grid (success and norms of those). */
  result: AttackResult;
  options: AttackOptionsReport;
  /** With `quantize`: the attack's own result and what rounding did to it. */
  quantization?: {
    levels: number;
    /** The attack's result before rounding. */
    unrounded: AttackResult;
    /** Success of the plain rounding, per sample. */
    roundedSuccess: Uint8Array;
    /** Samples rounding undid and a push along their perturbation restored. */
    pushed: Uint8Array;
    /** Scale of the perturbation saved (1: rounded as found). */
    scale: Float32Array;
  };
}

export interface RunAttackOptions {
  /** Valid input range. @defaultValue { lo: 0, hi: 1 } */
  box?: Box;
  /** True classes: untargeted attacks move away from them (default: from the predicted classes). */
  labels?: readonly number[];
  tuning?: AttackTuning;
  /** Iterations done of all (restarts counted on). */
  onStep?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /**
   * Rounds the examples to a grid of this many steps across the box — 255 for what an 8-bit image
   * holds (front ends that save images pass it) — re-checks them, and pushes the ones rounding
   * undid further along their perturbation within the budget (attacks/quantize.ts).
   * @defaultValue undefined (the examples as the attack found them)
   */
  quantize?: number;
}

/**
 * Runs one attack of the registry on a batch. Untargeted attacks move away from `labels` when
 * given, else from the predicted classes; `request.target` makes the attack targeted.
 * @example
 * const { result } = await runAttack(model, x, { attack: 'pgd', norm: 'linf', eps: 0.1, seed: 0 });
 * result.success; // per sample
 * // What an 8-bit image of the example does:
 * const saved = await runAttack(model, x, { attack: 'cw', norm: 'l2', seed: 0 }, { quantize: 255 });
 */
export async function runAttack(model: GradientModel, x: Tensor, request: AttackRequest, extra: RunAttackOptions = {}): Promise<AttackRun> {
  const targeted = request.target !== undefined;
  const target: Target = targeted ? request.target! : extra.labels ? [...extra.labels] : 'predicted';
  // Restarts report their steps from 1 again: count them on from the previous runs.
  const runs = request.restarts ?? 1;
  const onStep = extra.onStep
    ? (i: { step: number; steps: number; restart?: number }) => extra.onStep!((i.restart ?? 0) * i.steps + i.step, i.steps * runs)
    : undefined;
  const descriptor = attackMethod(request.attack) as AttackDescriptor;
  const { result, options } = await descriptor.run(model, x, request, { box: extra.box, seed: request.seed, target, targeted, onStep, signal: extra.signal }, extra.tuning ?? {});
  for (const k of Object.keys(options)) if (options[k] === undefined) delete options[k];
  const report = { targeted, seed: request.seed, ...options };
  if (extra.quantize === undefined) return { result, options: report };
  const q = await quantizeAttackResult(model, x, result, {
    levels: extra.quantize, box: extra.box, targeted, eps: request.eps, norm: request.norm, signal: extra.signal,
  });
  return {
    result: q.result, options: report,
    quantization: { levels: extra.quantize, unrounded: result, roundedSuccess: q.roundedSuccess, pushed: q.pushed, scale: q.scale },
  };
}

/** The size of sample `i`'s perturbation in the attack's norm (L0 for JSMA, L1 for the k-sparse set). */
export function normOf(result: AttackResult, norm: AttackNorm, i: number): number {
  const n = result.norms;
  return norm === 'linf' ? n.linf[i]! : norm === 'l2' ? n.l2[i]! : norm === 'l0' ? n.l0[i]! : n.l1[i]!;
}

/**
 * Success that counts against a budget: the attack succeeded and, when an eps is given, the
 * perturbation stays within it (the point of the check for minimal attacks; budget attacks stay
 * in their ball by construction). The factor 1 + 1e-6 allows float32 rounding.
 */
export function successWithin(result: AttackResult, norm: AttackNorm, i: number, eps: number | undefined): boolean {
  if (!result.success[i]) return false;
  return eps === undefined || normOf(result, norm, i) <= eps * (1 + 1e-6);
}
