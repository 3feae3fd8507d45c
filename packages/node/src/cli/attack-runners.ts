/**
 * The attacks `axplain attack` and `axplain robustness` run, by CLI name: which norms each takes,
 * whether eps is its budget or only a success threshold, whether it takes a target, and the call
 * into @axplain/core. Everything here is checked before a model is loaded.
 */
import {
  apgd, type ApgdOptions, type AttackResult, type Box, carliniWagner, type CarliniWagnerOptions, deepFool, type DeepFoolOptions,
  fastMinimumNorm, type FastMinimumNormOptions, fgsm, frankWolfe, type FrankWolfeOptions, type GradientModel, jsma, type JsmaOptions,
  parsePreprocessSpec, pgd, type PgdOptions, type PreprocessSpec, type Target, type Tensor,
} from '@axplain/core';
import { CliError } from './run.js';

export const ATTACK_NAMES = ['fgsm', 'pgd', 'apgd-ce', 'apgd-dlr', 'cw', 'deepfool', 'jsma', 'fw', 'fmn'] as const;
export type AttackName = (typeof ATTACK_NAMES)[number];

/** Norms on the command line: the three balls, Frank-Wolfe's k-sparse polytope, and JSMA's L0. */
export type CliNorm = 'linf' | 'l2' | 'l1' | 'k-sparse' | 'l0';

export interface AttackSpec {
  /** Norms the attack works in; the first is the default. */
  readonly norms: readonly CliNorm[];
  /**
   * 'budget': eps bounds the perturbation (required). 'minimal': the attack looks for the
   * smallest perturbation; eps, when given, is only the threshold a success must stay within.
   */
  readonly kind: 'budget' | 'minimal';
  /** 'optional': --target makes it targeted; 'never': untargeted only; 'required': targeted only. */
  readonly target: 'optional' | 'never' | 'required';
  /** Whether --steps applies (FGSM is one step; JSMA's budget is the share of pixels it may change). */
  readonly steps: boolean;
  /** Whether --restarts applies. */
  readonly restarts: boolean;
  /** One line for --help. */
  readonly about: string;
}

export const ATTACKS: Readonly<Record<AttackName, AttackSpec>> = Object.freeze({
  fgsm: { norms: ['linf', 'l2', 'l1'], kind: 'budget', target: 'optional', steps: false, restarts: false, about: 'one gradient step; TGSM with --target' },
  pgd: { norms: ['linf', 'l2', 'l1'], kind: 'budget', target: 'optional', steps: true, restarts: true, about: 'projected gradient descent, random start' },
  'apgd-ce': { norms: ['linf', 'l2', 'l1'], kind: 'budget', target: 'optional', steps: true, restarts: true, about: 'AutoPGD on cross-entropy' },
  'apgd-dlr': { norms: ['linf', 'l2', 'l1'], kind: 'budget', target: 'optional', steps: true, restarts: true, about: 'AutoPGD on the DLR loss, >= 3 classes, targeted >= 4' },
  cw: { norms: ['l2'], kind: 'minimal', target: 'optional', steps: true, restarts: false, about: 'Carlini-Wagner L2; --steps per binary-search round' },
  deepfool: { norms: ['l2', 'linf'], kind: 'minimal', target: 'never', steps: true, restarts: false, about: 'DeepFool, the nearest linearised boundary' },
  jsma: { norms: ['l0'], kind: 'minimal', target: 'required', steps: false, restarts: false, about: 'Jacobian saliency map, pixel pairs; --eps counts changed values' },
  fw: { norms: ['linf', 'l2', 'l1', 'k-sparse'], kind: 'budget', target: 'optional', steps: true, restarts: false, about: 'Frank-Wolfe; --norm k-sparse for sparse perturbations' },
  fmn: { norms: ['l2'], kind: 'minimal', target: 'optional', steps: true, restarts: false, about: 'Fast Minimum-Norm L2' },
});

/** A user's attack choice, validated. */
export interface AttackRequest {
  attack: AttackName;
  norm: CliNorm;
  /** Budget (budget attacks) or success threshold (minimal attacks; optional there). */
  eps?: number;
  /** Target class: the attack is targeted when given. */
  target?: number;
  steps?: number;
  restarts?: number;
  seed: number;
}

/** Per-attack tuning beyond the CLI flags (scripts use it to bound the budget of CW and FMN). */
export interface AttackTuning {
  pgd?: Omit<PgdOptions, 'norm' | 'eps' | 'target' | 'targeted'>;
  apgd?: Omit<ApgdOptions, 'norm' | 'eps' | 'target' | 'targeted' | 'loss'>;
  cw?: Omit<CarliniWagnerOptions, 'norm' | 'target' | 'targeted'>;
  deepfool?: Omit<DeepFoolOptions, 'norm' | 'target' | 'targeted'>;
  jsma?: Omit<JsmaOptions, 'target' | 'targeted'>;
  fw?: Omit<FrankWolfeOptions, 'norm' | 'eps' | 'target' | 'targeted'>;
  fmn?: Omit<FastMinimumNormOptions, 'norm' | 'target' | 'targeted'>;
}

export function parseAttack(name: string): AttackName {
  if (!(ATTACK_NAMES as readonly string[]).includes(name))
    throw new CliError(`--attack: unknown attack '${name}'; choose one of ${ATTACK_NAMES.join(', ')}`);
  return name as AttackName;
}

/** 'a', 'a or b', 'a, b or c'. */
const orList = (v: readonly string[]): string => (v.length < 2 ? v.join('') : `${v.slice(0, -1).join(', ')} or ${v.at(-1)}`);

/** The norm to run in: the attack's default when none is given, else one it supports. */
export function resolveNorm(attack: AttackName, norm: string | undefined): CliNorm {
  const ok = ATTACKS[attack].norms;
  if (norm === undefined) return ok[0]!;
  if (!(ok as readonly string[]).includes(norm)) {
    const all = ['linf', 'l2', 'l1', 'k-sparse', 'l0'];
    const what = all.includes(norm) ? `${attack} does not run in ${norm}` : `unknown norm '${norm}'`;
    throw new CliError(`--norm: ${what}; ${attack} takes ${orList(ok)} (leave --norm out for ${ok[0]})`);
  }
  return norm as CliNorm;
}

/** A number >= 0 from a flag. */
export function parseEps(s: string, flag = '--eps'): number {
  const v = Number(s);
  if (s.trim() === '' || !Number.isFinite(v) || v < 0) throw new CliError(`${flag}: expected a number >= 0, got '${s}'`);
  return v;
}

/** Checks the flag combinations of one attack (everything but the class count, known only once the model is loaded). */
export function checkRequest(r: AttackRequest): void {
  const spec = ATTACKS[r.attack];
  if (spec.kind === 'budget' && r.eps === undefined)
    throw new CliError(`--eps: ${r.attack} needs a budget in the model's input units, e.g. --eps 0.1 for ${r.norm} on [0, 1] pixels`);
  if (spec.target === 'required' && r.target === undefined)
    throw new CliError(`--target: ${r.attack} is a targeted attack; give the class to reach, e.g. --target 8`);
  if (spec.target === 'never' && r.target !== undefined)
    throw new CliError(`--target: ${r.attack} is untargeted; leave --target out, or use pgd, cw or fmn with --target`);
  if (!spec.steps && r.steps !== undefined)
    throw new CliError(`--steps: does not apply to ${r.attack}${r.attack === 'fgsm' ? ' (one step; use pgd for several)' : ''}`);
  if (!spec.restarts && r.restarts !== undefined && r.restarts !== 1)
    throw new CliError(`--restarts: does not apply to ${r.attack}; pgd, apgd-ce and apgd-dlr take restarts`);
}

/**
 * The valid range of the model's inputs: what pixel values 0 and 255 become under the spec
 * (`[0, 1]` for the default scale 1/255 without mean/std). Per channel for NCHW; for NHWC with
 * channels that differ, the widest range (the box cannot hold per-channel bounds on the last axis).
 */
export function inputBox(spec: PreprocessSpec): Box {
  const s = parsePreprocessSpec(spec);
  const lo = s.mean.map((m, c) => Math.min(-m / s.std[c]!, (255 * s.scale - m) / s.std[c]!));
  const hi = s.mean.map((m, c) => Math.max(-m / s.std[c]!, (255 * s.scale - m) / s.std[c]!));
  if (lo.every((v) => v === lo[0]) && hi.every((v) => v === hi[0])) return { lo: lo[0]!, hi: hi[0]! };
  if (s.layout === 'nchw') return { lo, hi };
  return { lo: Math.min(...lo), hi: Math.max(...hi) };
}

/** What `runAttack` did: the core result and the options it passed (for the JSON summary). */
export interface AttackRun {
  result: AttackResult;
  options: Record<string, unknown>;
}

/**
 * Runs one attack on a batch. Untargeted attacks move away from `labels` (the true classes) when
 * given, else from the predicted classes; `request.target` makes the attack targeted.
 */
export async function runAttack(
  model: GradientModel, x: Tensor, request: AttackRequest,
  extra: { box?: Box; labels?: readonly number[]; tuning?: AttackTuning; onStep?: (done: number, total: number) => void } = {},
): Promise<AttackRun> {
  const { attack, norm, eps, steps, seed } = request;
  const targeted = request.target !== undefined;
  const target: Target = targeted ? request.target! : extra.labels ? [...extra.labels] : 'predicted';
  // Restarts report their steps from 1 again: count them on from the previous runs.
  const runs = request.restarts ?? 1;
  const onStep = extra.onStep
    ? (i: { step: number; steps: number; restart?: number }) => extra.onStep!((i.restart ?? 0) * i.steps + i.step, i.steps * runs)
    : undefined;
  const common = { box: extra.box, seed, target, targeted, onStep };
  const t = extra.tuning ?? {};
  const ball = norm as 'linf' | 'l2' | 'l1';
  let options: Record<string, unknown>;
  let result: AttackResult;
  switch (attack) {
    case 'fgsm':
      options = { norm: ball, eps };
      result = await fgsm(model, x, { ...common, norm: ball, eps });
      break;
    case 'pgd':
      options = { norm: ball, eps, steps, restarts: request.restarts, ...t.pgd };
      result = await pgd(model, x, { ...common, ...t.pgd, norm: ball, eps, steps: steps ?? t.pgd?.steps, restarts: request.restarts ?? t.pgd?.restarts });
      break;
    case 'apgd-ce':
    case 'apgd-dlr': {
      const loss = attack === 'apgd-ce' ? 'ce' : 'dlr';
      options = { norm: ball, eps, loss, steps, restarts: request.restarts, ...t.apgd };
      result = await apgd(model, x, { ...common, ...t.apgd, norm: ball, eps, loss, steps: steps ?? t.apgd?.steps, restarts: request.restarts ?? t.apgd?.restarts });
      break;
    }
    case 'cw': {
      options = { norm: 'l2', steps, ...t.cw };
      const r = await carliniWagner(model, x, { ...common, ...t.cw, steps: steps ?? t.cw?.steps });
      options.consts = Array.from(r.consts);
      result = r;
      break;
    }
    case 'deepfool':
      options = { norm, steps, ...t.deepfool };
      result = await deepFool(model, x, { ...common, ...t.deepfool, norm: norm as 'l2' | 'linf', steps: steps ?? t.deepfool?.steps });
      break;
    case 'jsma':
      options = { ...t.jsma };
      result = await jsma(model, x, { ...common, ...t.jsma });
      break;
    case 'fw': {
      options = { norm, eps, steps, ...t.fw };
      const r = await frankWolfe(model, x, { ...common, ...t.fw, norm: norm as FrankWolfeOptions['norm'], eps, steps: steps ?? t.fw?.steps });
      if (norm === 'k-sparse') options.k = r.k;
      result = r;
      break;
    }
    case 'fmn':
      options = { norm: 'l2', steps, ...t.fmn };
      result = await fastMinimumNorm(model, x, { ...common, ...t.fmn, steps: steps ?? t.fmn?.steps });
      break;
  }
  for (const k of Object.keys(options)) if (options[k] === undefined) delete options[k];
  return { result, options: { targeted, seed, ...options } };
}

/** The size of a perturbation in the attack's norm (L0 for JSMA, L1 for the k-sparse set). */
export function normOf(result: AttackResult, norm: CliNorm, i: number): number {
  const n = result.norms;
  return norm === 'linf' ? n.linf[i]! : norm === 'l2' ? n.l2[i]! : norm === 'l0' ? n.l0[i]! : n.l1[i]!;
}

/**
 * Success that counts against a budget: the attack succeeded and, when an eps is given, the
 * perturbation stays within it (the point of the check for minimal attacks; budget attacks stay
 * in their ball by construction). The factor 1 + 1e-6 allows float32 rounding.
 */
export function successWithin(result: AttackResult, norm: CliNorm, i: number, eps: number | undefined): boolean {
  if (!result.success[i]) return false;
  return eps === undefined || normOf(result, norm, i) <= eps * (1 + 1e-6);
}
